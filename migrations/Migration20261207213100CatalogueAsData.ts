import { Migration } from '@mikro-orm/migrations';

/**
 * The catalogue as data (issue 19, defect 12): a procedure row carries a version (optimistic lock
 * of `updateProcedure`), who wrote its content (the module's code or an admin) and the module's
 * definition as last synchronised; every change is a row of the append-only `procedure_revision`.
 * Existing rows stay as the code wrote them (`MODULE`); their first synchronisation records the
 * module's definition.
 */
export class Migration20261207213100CatalogueAsData extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "procedure_origin" as enum ('MODULE', 'ADMIN')`);
    this.addSql(`create type "procedure_change" as enum ('CREATED', 'UPDATED', 'RETIRED', 'REACTIVATED', 'MODULE_CHANGE_HELD')`);
    this.addSql(`alter table "procedure" add column "version" int not null default 1, add column "origin" "procedure_origin" not null default 'MODULE', add column "module_definition" jsonb null, add column "updated_at" timestamptz not null default now()`);
    this.addSql(`create table "procedure_revision" ("id" uuid not null, "procedure_id" uuid not null, "version" int not null, "at" timestamptz not null, "actor" uuid null, "origin" "procedure_origin" not null, "change" "procedure_change" not null, "changes" jsonb not null, constraint "procedure_revision_pkey" primary key ("id"))`);
    this.addSql(`create index "procedure_revision_procedure_at_idx" on "procedure_revision" ("procedure_id", "at")`);
    this.addSql(`alter table "procedure_revision" add constraint "procedure_revision_procedure_id_foreign" foreign key ("procedure_id") references "procedure" ("id") on update cascade`);
    this.addSql(`create function "forbid_procedure_revision_change"() returns trigger language plpgsql as $$ begin raise exception 'procedure_revision is append-only'; end $$`);
    this.addSql(`create trigger "procedure_revision_append_only" before update or delete on "procedure_revision" for each row execute function "forbid_procedure_revision_change"()`);
  }

  /**
   * Back to the catalogue as code: the history and the edit bookkeeping go; the rows stay as
   * they are (an admin's edits and procedures included, which the older release serves as it
   * finds them and its start-up synchronisation overwrites where a module defines the code).
   */
  override async down(): Promise<void> {
    this.addSql(`drop table "procedure_revision"`);
    this.addSql(`drop function "forbid_procedure_revision_change"()`);
    this.addSql(`alter table "procedure" drop column "version", drop column "origin", drop column "module_definition", drop column "updated_at"`);
    this.addSql(`drop type "procedure_change"`);
    this.addSql(`drop type "procedure_origin"`);
  }
}
