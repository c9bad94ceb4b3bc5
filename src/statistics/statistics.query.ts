import { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { NotAuthorized, TooManyCells, ValidationFailed } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { periodCount, PeriodUnit, periodProblems, statisticsScope } from './scope';
import { StatisticsContext } from './statistics.context';
import { counterType, FLOW_COUNTERS } from './rollup.consumer';
import { medianDays } from './processing-histogram.entity';
import { DossierStatisticsResult, DossierStatisticsType, StatisticsDimension, StatisticsFilter, StatisticsRowType } from './statistics.output';

/** 07:00–11:30 and 13:30–17:00. */
const WORKING_DAY_MINUTES = 8 * 60;

function isLastDayOfMonth(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.getUTCDate() === 1;
}

/** A period dimension: its label format (labels sort chronologically) and the unit of `date_trunc` it groups by. */
const period = (format: string, unit: 'year' | 'quarter' | 'month' | 'week' | 'day', step: string) => ({
  expr: `to_char(s.day, '${format}')`,
  alias: 'period',
  // Grouped by the truncated day, labelled once per group: to_char on every rollup row costs more than the sums.
  group: unit === 'day' ? 's.day' : `date_trunc('${unit}', s.day::timestamp)`,
  format,
  unit,
  step,
});

/** SQL for each dimension over `s` (dossier_daily_stat); periods as sortable labels. */
const DIMENSION_SQL: Record<StatisticsDimension, { expr: string; alias: string; group?: string; format?: string; unit?: string; step?: string }> = {
  [StatisticsDimension.AGENCY]: { expr: 's.agency_id', alias: 'agency_id' },
  [StatisticsDimension.UNIT]: { expr: 's.unit_id', alias: 'unit_id' },
  [StatisticsDimension.PROCEDURE]: { expr: 's.procedure_id', alias: 'procedure_id' },
  [StatisticsDimension.CHANNEL]: { expr: 's.channel', alias: 'channel' },
  // ISO weeks: the week's Monday has the week's ISO year and number.
  [StatisticsDimension.YEAR]: period('YYYY', 'year', '1 year'),
  [StatisticsDimension.QUARTER]: period('YYYY-"Q"Q', 'quarter', '3 months'),
  [StatisticsDimension.MONTH]: period('YYYY-MM', 'month', '1 month'),
  [StatisticsDimension.WEEK]: period('IYYY-"W"IW', 'week', '1 week'),
  [StatisticsDimension.DAY]: period('YYYY-MM-DD', 'day', '1 day'),
};

/** Each summed column of a statistics row, as SQL over the rollup `s`. */
const SUM_SQL: Record<string, string> = {
  ...Object.fromEntries(FLOW_COUNTERS.map((c) => [c, `sum(s.${c})::${counterType(c)}`])),
  received_online: `sum(s.received) filter (where s.channel = 'ONLINE')::int`,
  received_counter: `sum(s.received) filter (where s.channel = 'COUNTER')::int`,
  received_post: `sum(s.received) filter (where s.channel = 'POST')::int`,
};

/** The columns that carry the stocks forward and so decide which rows exist: read whatever is selected. */
const STOCK_FLOWS = ['received', 'transferred_in', 'transferred_out', 'resolved_early', 'resolved_on_time', 'resolved_late', 'withdrawn', 'stopped', 'paused', 'resumed'];

/** The further columns a selected row field needs (the others read nothing more). */
const FIELD_COLUMNS: Record<string, string[]> = {
  receivedOnline: ['received_online'],
  receivedCounter: ['received_counter'],
  receivedPost: ['received_post'],
  onlineShare: ['received_online'],
  refused: ['refused'],
  returned: ['returned'],
  averageProcessingDays: ['processing_minutes'],
  paid: ['paid'],
  paidVnd: ['paid_vnd'],
  paidOnline: ['paid_online'],
  paidOnlineVnd: ['paid_online_vnd'],
  resultsIssuedElectronically: ['results_electronic'],
  satisfaction: ['rated_very_satisfied', 'rated_satisfied', 'rated_neutral', 'rated_dissatisfied', 'rated_very_dissatisfied'],
};

/**
 * `aggregates` of `table` rows (`s`) matching `where`, grouped by `dims` in order: periods by the
 * truncated day inside, labelled outside once per group.
 */
function grouped(dims: { expr: string; alias: string; group?: string; format?: string }[], table: string, where: string[], aggregates: [string, string][], ordered = true): string {
  const positions = dims.map((_d, i) => i + 1).join(', ');
  // Ordered by the grouped values (a period by its first day, not its label: the same order, without collation).
  return `select ${[...dims.map((d) => (d.format ? `to_char(x.${d.alias}, '${d.format}') as ${d.alias}` : `x.${d.alias}`)), ...aggregates.map(([a]) => `x.${a}`)].join(', ')}
    from (select ${[...dims.map((d) => `${d.group ?? d.expr} as ${d.alias}`), ...aggregates.map(([a, sql]) => `${sql} as ${a}`)].join(', ')}
      from ${table} s where ${where.join(' and ')} ${dims.length ? `group by ${positions}` : ''}) x
    ${dims.length && ordered ? `order by ${dims.map((d) => `x.${d.alias}`).join(', ')}` : ''}`;
}

/** The row fields read from the daily snapshot of those in progress. */
const SNAPSHOT_FIELDS = ['inProgressOnTimeAtEnd', 'inProgressLateAtEnd'];

/** The sums to read for the selected fields (all of them without a selection). */
function columnsFor(fields: ReadonlySet<string> | undefined): string[] {
  if (!fields) return SUMMED;
  return [...new Set([...STOCK_FLOWS, ...Object.entries(FIELD_COLUMNS).flatMap(([f, cols]) => (fields.has(f) ? cols : []))])];
}

function toRow(r: Record<string, any>, ctx: StatisticsContext): StatisticsRowType {
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

const SUMMED = Object.keys(SUM_SQL);
const STOCKS = ['carried_over', 'in_progress_end', 'paused_end', 'in_progress_on_time_end', 'in_progress_late_end'];
/** Stocks that come from the daily snapshot: unknown (null) for a day without one. */
const SNAPSHOT_STOCKS = ['in_progress_on_time_end', 'in_progress_late_end'];

const sumOf = (rows: Record<string, any>[], k: string) => rows.reduce((a, r) => a + Number(r[k] ?? 0), 0);

function mergeHistograms(hists: (Map<number, number> | undefined)[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const h of hists) for (const [k, n] of h ?? []) out.set(k, (out.get(k) ?? 0) + n);
  return out;
}

/** Net change of the dossiers in progress by a row's flows (received or handed over in, less handed over out or ended). */
const netInProgress = (r: Record<string, any> | undefined) => {
  const n = (c: string) => Number(r?.[c] ?? 0);
  return n('received') + n('transferred_in') - n('transferred_out') - n('resolved_early') - n('resolved_on_time') - n('resolved_late') - n('withdrawn') - n('stopped');
};

/** Net change of the paused dossiers by a row's flows. */
const netPaused = (r: Record<string, any> | undefined) => Number(r?.paused ?? 0) - Number(r?.resumed ?? 0);

/** The periods of the range in order, and the snapshot figures of their last days per group. */
interface PeriodEnds {
  /** Each period of the range (null without a period dimension), and whether its last day within the range has a snapshot. */
  periods: { period: string | null; snapshotTaken: boolean }[];
  /** Per period and group: in progress on time and late in that snapshot (groups without any have no row). */
  open: Record<string, any>[];
}

/**
 * Every period of the range with the snapshot of its last day within the range, in one statement
 * for all the period ends: the periods are a series from the start of the first, labelled with
 * the flows' formats, so they match. Without a period dimension the one period ends on `to`.
 */
async function readPeriodEnds(
  em: EntityManager,
  period: { format?: string; unit?: string; step?: string } | undefined,
  stockDims: { expr: string; alias: string }[],
  conds: string[],
  params: unknown[],
  /** Read the snapshots (only when their figures are wanted); without, every period is reported as without one. */
  withSnapshot: boolean,
): Promise<PeriodEnds> {
  if (!period && !withSnapshot) return { periods: [{ period: null, snapshotTaken: false }], open: [] };
  // One row per period (not per day: to_char on ten years of days costs more than the rest), labelled like the flows.
  const periods = period
    ? `select to_char(g, '${period.format}') as period, least((g + interval '${period.step}')::date - 1, $2::date) as last_day
       from generate_series(date_trunc('${period.unit}', $1::date::timestamp), $2::date::timestamp, interval '${period.step}') g`
    : `select null::text as period, $2::date as last_day where $1::date <= $2::date`;
  if (!withSnapshot) {
    const rows = await query<{ period: string }>(em, periods, params.slice(0, 2));
    return { periods: rows.map((r) => ({ period: r.period, snapshotTaken: false })), open: [] };
  }
  const cols = stockDims.map((d) => `${d.expr} as ${d.alias}, `).join('');
  const rows = await query(em, `with p as (${periods}),
    o as (select s.day, ${cols}sum(s.in_progress_on_time)::int as in_progress_on_time_end, sum(s.in_progress_late)::int as in_progress_late_end
      from dossier_open_snapshot s where ${['s.day in (select last_day from p)', ...conds].join(' and ')}
      group by ${[1, ...stockDims.map((_d, i) => i + 2)].join(', ')} limit $${params.length})
    select p.period, sd.day is not null as snapshot_taken, ${stockDims.map((d) => `o.${d.alias}, `).join('')}o.in_progress_on_time_end, o.in_progress_late_end
    from p left join dossier_snapshot_day sd on sd.day = p.last_day left join o on o.day = p.last_day`, params);
  const periodsSeen = new Map<string | null, boolean>();
  for (const r of rows) periodsSeen.set(r.period, r.snapshot_taken);
  const keys = [...stockDims.map((d) => d.alias), 'period', ...SNAPSHOT_STOCKS];
  return {
    // Labels sort chronologically within a dimension (YYYY, YYYY-Qn, YYYY-MM, IYYY-Wnn, YYYY-MM-DD).
    periods: [...periodsSeen].map(([p, snapshotTaken]) => ({ period: p, snapshotTaken })).sort((a, b) => compareText(a.period, b.period)),
    open: rows.filter((r) => r.in_progress_on_time_end != null).map((r) => Object.fromEntries(keys.map((k) => [k, r[k]]))),
  };
}

/** Orders as SQL orders uuids and ASCII labels (byte by byte), nulls first. */
function compareText(a: unknown, b: unknown): number {
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
function rollForward(flows: Record<string, any>[], stocks: Record<string, any>[], ends: PeriodEnds, keys: string[], stockKeys: string[], maxCells: number): Record<string, any>[] | null {
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
function joinStocks(flows: Record<string, any>[], stocks: Record<string, any>[], keys: string[]): Record<string, any>[] {
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
function mergeIntoCurrentUnits(rows: Record<string, any>[], keys: string[], ctx: StatisticsContext): Record<string, any>[] {
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

/** The statistics of a filter and grouping, authorized for the caller; errors as typed results. */
export async function computeStatistics(
  ctx: StatisticsContext,
  filter: StatisticsFilter,
  groupBy: StatisticsDimension[],
  /**
   * Read the processing-time histogram (only when the median is asked for: it has ten times the
   * rollup's rows), and only the sums the selected row fields need (`fields`; all without it).
   */
  opts: { median?: boolean; fields?: ReadonlySet<string> } = {},
): Promise<typeof DossierStatisticsResult> {
  const p = requirePrincipal(ctx.principal);
  const scope = statisticsScope(p);
  if (!scope) return NotAuthorized.of('statistics: analysts, system admins and agency officers');
  const { observer, own } = scope;
  const { reference } = ctx.services;
  const issues = new Issues();
  for (const x of periodProblems(filter.from, filter.to)) issues.add(`filter.${x.field}`, x.message);
  const ids = (field: string, codes: string[] | null | undefined, find: (c: string) => { id: string } | undefined) =>
    (codes ?? []).map((c, i) => find(c)?.id ?? (issues.add(`${field}[${i}]`, `Mã không tồn tại / Unknown code ${c}`), '')).filter(Boolean);
  const agencies = ids('filter.agencyCodes', filter.agencyCodes, (c) => reference.agencyByCode(c));
  const units = ids('filter.unitCodes', filter.unitCodes, (c) => reference.adminUnitByCode(c));
  const procedures = ids('filter.procedureCodes', filter.procedureCodes, (c) => reference.procedureByCode(c));
  const periods = groupBy.filter((d) => DIMENSION_SQL[d].alias === 'period');
  if (periods.length > 1) issues.add('groupBy', 'Chỉ một chiều thời gian / At most one period dimension');
  if (new Set(groupBy).size !== groupBy.length) issues.add('groupBy', 'Chiều bị lặp / A dimension is repeated');
  // Figures by unit come from the unit rollup, which is not split by procedure (see the README).
  const byUnit = groupBy.includes(StatisticsDimension.UNIT) || units.length > 0;
  if (byUnit && (groupBy.includes(StatisticsDimension.PROCEDURE) || procedures.length)) {
    issues.add('groupBy', 'Thống kê theo đơn vị hành chính không chia theo thủ tục / Figures by unit are not split by procedure');
  }
  // The series of periods is built whole (SQL and memory) before any figure is read, whatever the
  // rows: its length is checked from the dates alone, before anything is built.
  const unit = issues.ok ? (groupBy.map((d) => DIMENSION_SQL[d]).find((d) => d.alias === 'period')?.unit as PeriodUnit | undefined) : undefined;
  const maxPeriods = ctx.services.config.limits.maxStatisticsPeriods;
  if (unit && periodCount(filter.from, filter.to, unit) > maxPeriods) {
    issues.add('groupBy', `Khoảng thời gian có quá ${maxPeriods} kỳ; thu hẹp khoảng hoặc chọn kỳ dài hơn / The range has more than ${maxPeriods} periods: narrow it or group by a longer period`);
  }
  if (!issues.ok) return ValidationFailed.of(issues.list);
  if (!observer && agencies.some((a) => !own.includes(a))) return NotAuthorized.of('statistics of another agency');

  const params: unknown[] = [filter.from, filter.to];
  const where = ['s.day between $1::date and $2::date'];
  const restrict = (col: string, values: string[]) => {
    if (!values.length) return;
    params.push(values);
    where.push(`${col} = any($${params.length}::uuid[])`);
  };
  restrict('s.agency_id', observer ? agencies : agencies.length ? agencies : own);
  restrict('s.unit_id', filter.mapToCurrentUnits ? reference.unitsBecoming(units) : units);
  restrict('s.procedure_id', procedures);
  if (filter.channel) {
    params.push(filter.channel);
    where.push(`s.channel = $${params.length}`);
  }
  const dims = groupBy.map((d) => DIMENSION_SQL[d]);
  const maxCells = ctx.services.config.limits.maxStatisticsCells;
  params.push(maxCells + 1);
  // Whole months with no daily or weekly grouping read the monthly rollups (30 times fewer rows).
  const monthly = filter.from.endsWith('-01') && isLastDayOfMonth(filter.to) && !groupBy.includes(StatisticsDimension.DAY) && !groupBy.includes(StatisticsDimension.WEEK);
  const table = `dossier_${byUnit ? 'unit_' : ''}${monthly ? 'monthly' : 'daily'}_stat`;
  const em = ctx.services.analytics.em.fork();
  const columns = columnsFor(opts.fields);
  const flowRows = await query(em, `${grouped(dims, table, where, columns.map((c) => [c, SUM_SQL[c]]))} limit $${params.length}`, params);
  if (flowRows.length > maxCells) return TooManyCells.of(maxCells);
  // Stocks (in progress, paused) are sums of flows since the beginning. Per group without the
  // period: read from the rollups before `from` (and to the end of `to`); per period, rolled
  // forward from the first with each period's flows.
  const periodic = dims.some((d) => d.alias === 'period');
  const stockDims = dims.filter((d) => d.alias !== 'period');
  const stockKeys = stockDims.map((d) => d.alias);
  const conds = where.slice(1);
  const cols = stockDims.map((d) => `${d.expr} as ${d.alias}, `).join('');
  // A stock before day D = whole months before D's month (monthly rollup) + D's month up to D (daily rollup):
  // the rows read grow with the number of months, not of days.
  const grain = (g: 'daily' | 'monthly') => `dossier_${byUnit ? 'unit_' : ''}${g}_stat`;
  const net = `s.received + s.transferred_in - s.transferred_out - s.resolved_early - s.resolved_on_time - s.resolved_late - s.withdrawn - s.stopped`;
  const part = (kind: 'carried' | 'end', g: 'daily' | 'monthly', day: string) => {
    const range = g === 'monthly' ? `s.day < date_trunc('month', ${day})::date` : `s.day >= date_trunc('month', ${day})::date and s.day < ${day}`;
    return `select ${cols}'${kind}' as kind, ${net} as net, s.paused - s.resumed as held from ${grain(g)} s where ${[range, ...conds].join(' and ')}`;
  };
  const before = { carried: '$1::date', end: `($2::date + 1)` };
  // Per period, only the start is read: each period's flows carry it forward.
  const kinds = periodic ? (['carried'] as const) : (['carried', 'end'] as const);
  const parts = kinds.flatMap((k) => [part(k, 'monthly', before[k]), part(k, 'daily', before[k])]);
  const stocks = await query(em, `select ${stockKeys.map((k) => `${k}, `).join('')}
      coalesce(sum(net) filter (where kind = 'carried'), 0)::int as carried_over, coalesce(sum(net) filter (where kind = 'end'), 0)::int as in_progress_end,
      coalesce(sum(held) filter (where kind = 'carried'), 0)::int as paused_carried, coalesce(sum(held) filter (where kind = 'end'), 0)::int as paused_end
    from (${parts.join(' union all ')}) x where $2::date >= $1::date ${stockKeys.length ? `group by ${stockKeys.map((_k, i) => i + 1).join(', ')}` : ''} limit $${params.length}`, params);
  // In progress on time or late at the end of each period (of `to` without one): from the
  // snapshot of that day, if one was taken.
  const snapshotWanted = !opts.fields || SNAPSHOT_FIELDS.some((f) => opts.fields!.has(f));
  const ends = await readPeriodEnds(em, dims.find((d) => d.alias === 'period'), stockDims, conds, params, snapshotWanted);
  if (ends.open.length > maxCells) return TooManyCells.of(maxCells);
  const last = ends.periods.at(-1)!;
  const snapshotTotals = (open: Record<string, any>[]) => Object.fromEntries(SNAPSHOT_STOCKS.map((k) => [k, last.snapshotTaken ? sumOf(open, k) : null]));
  let rows: Record<string, any>[];
  let stockTotals: Record<string, number | null>;
  if (periodic) {
    const walked = rollForward(flowRows, stocks, ends, dims.map((d) => d.alias), stockKeys, maxCells);
    if (!walked) return TooManyCells.of(maxCells);
    rows = walked;
    // Totals: the start of the range carried forward by all of its flows; the split of those in
    // progress at the end from the snapshot of `to` (the last period's last day).
    const carried = sumOf(stocks, 'carried_over');
    stockTotals = {
      carried_over: carried,
      in_progress_end: carried + flowRows.reduce((a, r) => a + netInProgress(r), 0),
      paused_end: sumOf(stocks, 'paused_carried') + flowRows.reduce((a, r) => a + netPaused(r), 0),
      ...snapshotTotals(ends.open.filter((r) => r.period === last.period)),
    };
  } else {
    rows = joinStocks(flowRows, stocks, stockKeys);
    if (last.snapshotTaken) {
      rows = joinStocks(rows, ends.open, stockKeys);
      for (const r of rows) for (const k of SNAPSHOT_STOCKS) r[k] ??= 0;
    }
    stockTotals = { ...Object.fromEntries(STOCKS.map((k) => [k, sumOf(rows, k)])), ...snapshotTotals(ends.open) };
  }
  if (rows.length > maxCells) return TooManyCells.of(maxCells);
  // Processing times by working-day bucket, from the histogram beside the rollup read above (for the median).
  const keys = dims.map((d) => d.alias);
  const buckets = !opts.median ? [] : await query<Record<string, any>>(em, grouped([...dims, { expr: 's.bucket', alias: 'bucket' }], table.replace(/_stat$/, '_processing_hist'), where, [['n', 'sum(s.resolved)::int']], false), params.slice(0, -1));
  const histKey = (r: Record<string, any>) => keys.map((k) => r[k] ?? '').join('|');
  const hists = new Map<string, Map<number, number>>();
  for (const b of buckets) {
    const h = hists.get(histKey(b)) ?? new Map<number, number>();
    h.set(b.bucket, (h.get(b.bucket) ?? 0) + b.n);
    hists.set(histKey(b), h);
  }
  if (opts.median) for (const r of rows) r.hist = hists.get(histKey(r)) ?? new Map();
  const merged = filter.mapToCurrentUnits && groupBy.includes(StatisticsDimension.UNIT) ? mergeIntoCurrentUnits(rows, keys, ctx) : rows;
  const out = merged.map((r) => toRow(r, ctx));
  const total = toRow({ ...Object.fromEntries(SUMMED.map((k) => [k, sumOf(rows, k)])), ...stockTotals, hist: opts.median ? mergeHistograms(rows.map((r) => r.hist)) : undefined }, ctx);
  return Object.assign(new DossierStatisticsType(), { rows: out, total });
}
