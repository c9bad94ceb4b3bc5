import { Migration } from '@mikro-orm/migrations';

/**
 * The years whose public holidays an admin confirmed (issue 19, defect 10; Labour Code 2019,
 * art. 112: the lunar holidays move every year and are announced yearly). The seeded 2025 and
 * 2026 count as confirmed; later years are confirmed with `confirmCalendarYear`.
 */
export class Migration20261207120000CalendarYears extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "calendar_year" ("year" int primary key check ("year" between 2000 and 2100), "confirmed_at" timestamptz not null default now(), "confirmed_by" text null)`);
    this.addSql(`insert into "calendar_year" ("year", "confirmed_by") values (2025, 'seed'), (2026, 'seed')`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "calendar_year"`);
  }
}
