/**
 * Statistics rows combined in memory after they are read: stocks carried from period to period,
 * flows and stocks side by side, dissolved units merged into their successors, and the API row.
 * @module
 */
import { medianDays } from './processing-histogram.entity';
import { SNAPSHOT_STOCKS, STOCKS, SUMMED } from './statistics.columns';
import { StatisticsContext } from './statistics.context';
import { StatisticsRowType } from './statistics.output';

/** 07:00–11:30 and 13:30–17:00. */
const WORKING_DAY_MINUTES = 8 * 60;

export function toRow(r: Record<string, any>, ctx: StatisticsContext): StatisticsRowType {
  const n = (k: string) => Number(r[k] ?? 0);
  const resolved = n('resolved_early') + n('resolved_on_time') + n('resolved_late');
  const agency = r.agency_id ? ctx.services.reference.agency(r.agency_id) : null;
  return {
    agencyCode: agency?.code ?? null,
    agencyName: agency?.name ?? null,
    unitCode: r.unit_id ? ctx.services.reference.adminUnit(r.unit_id).code : null,
    procedureCode: r.procedure_id ? ctx.services.reference.procedure(r.procedure_id).code : null,
    channel: r.channel ?? null,
    period: r.period ?? null,
    received: n('received'),
    receivedOnline: n('received_online'),
    receivedCounter: n('received_counter'),
    receivedPost: n('received_post'),
    refused: n('refused'),
    resolved,
    resolvedEarly: n('resolved_early'),
    resolvedOnTime: n('resolved_on_time'),
    resolvedLate: n('resolved_late'),
    paused: n('paused'),
    withdrawn: n('withdrawn'),
    stopped: n('stopped'),
    returned: n('returned'),
    transferredIn: n('transferred_in'),
    transferredOut: n('transferred_out'),
    paid: n('paid'),
    paidVnd: n('paid_vnd'),
    paidOnline: n('paid_online'),
    paidOnlineVnd: n('paid_online_vnd'),
    resultsIssuedElectronically: n('results_electronic'),
    carriedOver: r.carried_over ?? null,
    inProgressAtEnd: r.in_progress_end ?? null,
    pausedAtEnd: r.paused_end ?? null,
    inProgressOnTimeAtEnd: r.in_progress_on_time_end ?? null,
    inProgressLateAtEnd: r.in_progress_late_end ?? null,
    averageProcessingDays: resolved ? Math.round((n('processing_minutes') / resolved / WORKING_DAY_MINUTES) * 100) / 100 : null,
    medianProcessingDays: r.hist ? medianDays(r.hist) : null,
    onTimeRate: resolved ? (n('resolved_early') + n('resolved_on_time')) / resolved : null,
    onlineShare: n('received') ? n('received_online') / n('received') : null,
    satisfaction: {
      verySatisfied: n('rated_very_satisfied'),
      satisfied: n('rated_satisfied'),
      neutral: n('rated_neutral'),
      dissatisfied: n('rated_dissatisfied'),
      veryDissatisfied: n('rated_very_dissatisfied'),
    },
  };
}

export const sumOf = (rows: Record<string, any>[], k: string) => rows.reduce((a, r) => a + Number(r[k] ?? 0), 0);

export function mergeHistograms(hists: (Map<number, number> | undefined)[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const h of hists) for (const [k, n] of h ?? []) out.set(k, (out.get(k) ?? 0) + n);
  return out;
}

/** Net change of the dossiers in progress by a row's flows (received or handed over in, less handed over out or ended). */
export const netInProgress = (r: Record<string, any> | undefined) => {
  const n = (c: string) => Number(r?.[c] ?? 0);
  return n('received') + n('transferred_in') - n('transferred_out') - n('resolved_early') - n('resolved_on_time') - n('resolved_late') - n('withdrawn') - n('stopped');
};

/** Net change of the paused dossiers by a row's flows. */
export const netPaused = (r: Record<string, any> | undefined) => Number(r?.paused ?? 0) - Number(r?.resumed ?? 0);

/** The periods of the range in order, and the snapshot figures of their last days per group. */
export interface PeriodEnds {
  /** Each period of the range (null without a period dimension), and whether its last day within the range has a snapshot. */
  periods: { period: string | null; snapshotTaken: boolean }[];
  /** Per period and group: in progress on time and late in that snapshot (groups without any have no row). */
  open: Record<string, any>[];
}

/** Orders as SQL orders uuids and ASCII labels (byte by byte), nulls first. */
export function compareText(a: unknown, b: unknown): number {
  const x = a == null ? '' : String(a);
  const y = b == null ? '' : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rows ordered by the given columns in turn (the grouping columns in the order asked). */
const byColumns = (keys: string[]) => (a: Record<string, any>, b: Record<string, any>) => {
  for (const k of keys) {
    const c = compareText(a[k], b[k]);
    if (c) return c;
  }
  return 0;
};

/**
 * Rows per group and period. Each group (the dimensions other than the period) starts from what
 * was in progress and paused before `from` and walks every period of the range, each period's
 * flows carrying it forward, so a period's `carried_over` is the previous one's `in_progress_end`,
 * also across periods without flows. A row is kept when the group has flows in the period or
 * anything in progress or paused in it; its on-time and late figures come from the snapshot of the
 * period's last day (null without one: unknown, not zero). Null as soon as there are more than
 * `maxCells` rows. The walk skips a group's idle stretches (nothing in progress, no flow), so it
 * costs what the rows cost, not groups times periods.
 */
export function rollForward(flows: Record<string, any>[], stocks: Record<string, any>[], ends: PeriodEnds, keys: string[], stockKeys: string[], maxCells: number): Record<string, any>[] | null {
  const groupOf = (r: Record<string, any>) => stockKeys.map((k) => r[k] ?? '').join('|');
  const index = new Map(ends.periods.map((p, i) => [p.period, i]));
  // Per group: its values, and its flow and snapshot rows by period index.
  const groups = new Map<string, { values: Record<string, any>; at: Map<number, { flow?: Record<string, any>; snapshot?: Record<string, any> }> }>();
  const groupFor = (r: Record<string, any>) => {
    const g = groups.get(groupOf(r)) ?? { values: r, at: new Map() };
    groups.set(groupOf(r), g);
    return g;
  };
  for (const st of stocks) groupFor(st);
  for (const [field, list] of [['flow', flows], ['snapshot', ends.open]] as const) {
    for (const r of list) {
      const { at } = groupFor(r);
      const i = index.get(r.period)!;
      at.set(i, { ...at.get(i), [field]: r });
    }
  }
  const base = new Map(stocks.map((st) => [groupOf(st), st]));
  const rows: Record<string, any>[] = [];
  for (const [group, { values, at }] of groups) {
    let open = Number(base.get(group)?.carried_over ?? 0);
    let held = Number(base.get(group)?.paused_carried ?? 0);
    const marks = [...at.keys()].sort((a, b) => a - b);
    let next = 0;
    for (let i = 0; i < ends.periods.length; i++) {
      if (!open && !held) {
        // Nothing in progress: the group's next row is at its next flow or snapshot.
        while (next < marks.length && marks[next] < i) next++;
        if (next === marks.length) break;
        i = marks[next];
      }
      const { period, snapshotTaken } = ends.periods[i];
      const { flow, snapshot } = at.get(i) ?? {};
      // Every row is built in the same shape (grouping columns first, in order), flows or not.
      const row: Record<string, any> = Object.fromEntries(keys.map((k) => [k, k === 'period' ? period : values[k]]));
      for (const c of SUMMED) if (flow && c in flow) row[c] = flow[c];
      row.carried_over = open;
      open += netInProgress(flow);
      held += netPaused(flow);
      row.in_progress_end = open;
      row.paused_end = held;
      for (const k of SNAPSHOT_STOCKS) row[k] = snapshotTaken ? Number(snapshot?.[k] ?? 0) : null;
      if (!flow && !row.carried_over && !open && !held && !row.in_progress_on_time_end && !row.in_progress_late_end) continue;
      rows.push(row);
      if (rows.length > maxCells) return null;
    }
  }
  return rows.sort(byColumns(keys));
}

/** Flow rows and stock rows of the same groups side by side; a group with stock but no flow in the range gets zero flows. */
export function joinStocks(flows: Record<string, any>[], stocks: Record<string, any>[], keys: string[]): Record<string, any>[] {
  const key = (r: Record<string, any>) => keys.map((k) => r[k] ?? '').join('|');
  const byKey = new Map(flows.map((r) => [key(r), { ...r }]));
  for (const st of stocks) {
    const row = byKey.get(key(st));
    const values = Object.fromEntries(STOCKS.filter((k) => k in st).map((k) => [k, st[k]]));
    if (row) Object.assign(row, values);
    else if (Object.values(values).some((v) => v)) byKey.set(key(st), { ...st });
  }
  return [...byKey.values()].sort((a, b) => compareText(key(a), key(b)));
}

/**
 * Rows grouped by unit, with dissolved units' rows added into the units they became (order kept):
 * rows of the same grouping columns (`keys`) once mapped are one.
 */
export function mergeIntoCurrentUnits(rows: Record<string, any>[], keys: string[], ctx: StatisticsContext): Record<string, any>[] {
  const counters = [...SUMMED, ...STOCKS];
  const out = new Map<string, Record<string, any>>();
  for (const r of rows) {
    const mapped: Record<string, any> = { ...r, unit_id: ctx.services.reference.currentUnit(r.unit_id).id };
    const key = JSON.stringify(keys.map((k) => mapped[k] ?? null));
    const prev = out.get(key);
    // A counter unknown on both sides (no snapshot that day) stays unknown.
    if (!prev) out.set(key, mapped);
    else {
      for (const c of counters) if (prev[c] != null || mapped[c] != null) prev[c] = Number(prev[c] ?? 0) + Number(mapped[c] ?? 0);
      prev.hist = mergeHistograms([prev.hist, mapped.hist]);
    }
  }
  const sortKey = (r: Record<string, any>) => `${ctx.services.reference.adminUnit(r.unit_id).code}|${r.agency_id ?? ''}|${r.channel ?? ''}|${r.period ?? ''}`;
  return [...out.values()].sort((a, b) => compareText(sortKey(a), sortKey(b)));
}
