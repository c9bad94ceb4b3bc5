import { Migration } from '@mikro-orm/migrations';

/**
 * The counters of rate-limiter-flexible's PostgreSQL store (its own column layout), shared by
 * every server instance so that limits hold however many instances answer. Created here rather
 * than by the library at start-up, so the schema has one owner and a read-only role would do.
 */
export class Migration20261207020000RateLimits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "rate_limit" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint null)`);
    // The library deletes expired counters every few minutes.
    this.addSql(`create index "rate_limit_expire_idx" on "rate_limit" ("expire")`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit"`);
  }
}
