import { Migration } from '@mikro-orm/migrations';

/** The tracking secret printed on the receipt (Mẫu 01); existing dossiers get one too. */
export class Migration20261126030000LookupSecret extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "dossier" add column "lookup_secret" text null`);
    this.addSql(`update "dossier" set "lookup_secret" = translate(upper(substr(md5(random()::text || id::text), 1, 10)), '01', 'QR') where "lookup_secret" is null`);
    this.addSql(`alter table "dossier" alter column "lookup_secret" set not null`);
  }
}
