import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 19 #2: a dossier withdrawn before reception (status 1 → 7) was never in progress, so its
 * withdrawal is not a "withdrawn" flow (the rollup consumer now skips it). Rows written before
 * counted it and so undercounted the in-progress stock carried forward: take those counts back,
 * in the cell where the consumer put them (holding agency, procedure or unit, channel, local day
 * of the withdrawal, Vietnam time UTC+7).
 */
export class Migration20261207204000WithdrawnBeforeReception extends Migration {
  override async up(): Promise<void> {
    this.shift('-');
  }

  /** Counts them again, as the code before did, in the cells that exist (the dossiers say what to add back). */
  override async down(): Promise<void> {
    this.shift('+');
  }

  private shift(sign: '+' | '-'): void {
    const local = `((d.closed_at at time zone 'UTC') + interval '7 hours')::date`;
    const never = `d.national_status = 7 and d.received_at is null and d.closed_at is not null`;
    for (const [table, dim, day] of [
      ['dossier_daily_stat', 'procedure_id', local],
      ['dossier_monthly_stat', 'procedure_id', `date_trunc('month', ${local})::date`],
      ['dossier_unit_daily_stat', 'unit_id', local],
      ['dossier_unit_monthly_stat', 'unit_id', `date_trunc('month', ${local})::date`],
    ] as const) {
      const source = dim === 'procedure_id' ? 'd.procedure_id' : 'd.admin_unit_id';
      this.addSql(`update "${table}" s set "withdrawn" = s."withdrawn" ${sign} w.n
        from (select d.holding_agency_id as agency_id, ${source} as dim, d.channel::text as channel, ${day} as day, count(*)::int as n
              from dossier d where ${never} group by 1, 2, 3, 4) w
        where s.agency_id = w.agency_id and s.${dim} = w.dim and s.channel = w.channel and s.day = w.day`);
    }
  }
}
