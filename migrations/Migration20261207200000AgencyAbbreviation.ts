import { Migration } from '@mikro-orm/migrations';

/**
 * The issuer abbreviation of document symbols, configured per body (Decree 30/2020/NĐ-CP,
 * Appendix I: "chữ viết tắt tên cơ quan, tổ chức ban hành văn bản"), seeded for the demo bodies:
 * the people's committees write `UBND` at every level (province, Đà Lạt, Xuân Hương and Lâm Viên
 * wards). Start-up keeps it in step with the reference data; null means derived.
 */
export class Migration20261207200000AgencyAbbreviation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agency" add column "abbreviation" text null`);
    this.addSql(`update "agency" set "abbreviation" = 'UBND' where "code" in ('000.00.00.H37', '000.00.22.H37', '000.31.22.H37', '000.32.22.H37')`);
    this.addSql(`update "agency" set "abbreviation" = 'TTPVHCC' where "code" = '000.00.01.H37'`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "agency" drop column "abbreviation"`);
  }
}
