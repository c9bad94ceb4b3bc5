import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import { selectsField } from '../graphql/look-ahead';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { NotAuthorized, TooManyCells, ValidationFailed } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { periodProblems, statisticsScope } from './scope';
import { GraphQLContext } from '../server/context';
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

/** SQL for each dimension over `s` (dossier_daily_stat); periods as sortable labels. */
const DIMENSION_SQL: Record<StatisticsDimension, { expr: string; alias: string }> = {
  [StatisticsDimension.AGENCY]: { expr: 's.agency_id', alias: 'agency_id' },
  [StatisticsDimension.UNIT]: { expr: 's.unit_id', alias: 'unit_id' },
  [StatisticsDimension.PROCEDURE]: { expr: 's.procedure_id', alias: 'procedure_id' },
  [StatisticsDimension.CHANNEL]: { expr: 's.channel', alias: 'channel' },
  [StatisticsDimension.YEAR]: { expr: `to_char(s.day, 'YYYY')`, alias: 'period' },
  [StatisticsDimension.QUARTER]: { expr: `to_char(s.day, 'YYYY-"Q"Q')`, alias: 'period' },
  [StatisticsDimension.MONTH]: { expr: `to_char(s.day, 'YYYY-MM')`, alias: 'period' },
  [StatisticsDimension.WEEK]: { expr: `to_char(s.day, 'IYYY-"W"IW')`, alias: 'period' },
  [StatisticsDimension.DAY]: { expr: `to_char(s.day, 'YYYY-MM-DD')`, alias: 'period' },
};

const SUMS = `${FLOW_COUNTERS.map((c) => `sum(s.${c})::${counterType(c)} as ${c}`).join(', ')},
  sum(s.received) filter (where s.channel = 'ONLINE')::int as received_online,
  sum(s.received) filter (where s.channel = 'COUNTER')::int as received_counter,
  sum(s.received) filter (where s.channel = 'POST')::int as received_post`;

function toRow(r: Record<string, any>, ctx: GraphQLContext): StatisticsRowType {
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

const SUMMED = [...FLOW_COUNTERS, 'received_online', 'received_counter', 'received_post'];
const STOCKS = ['carried_over', 'in_progress_end', 'paused_end', 'in_progress_on_time_end', 'in_progress_late_end'];
/** Stocks that come from the daily snapshot: unknown (null) for a day without one. */
const SNAPSHOT_STOCKS = ['in_progress_on_time_end', 'in_progress_late_end'];

const sumOf = (rows: Record<string, any>[], k: string) => rows.reduce((a, r) => a + Number(r[k] ?? 0), 0);

function mergeHistograms(hists: (Map<number, number> | undefined)[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const h of hists) for (const [k, n] of h ?? []) out.set(k, (out.get(k) ?? 0) + n);
  return out;
}

/**
 * Stocks per period: each group (the dimensions other than the period) starts from what was in
 * progress and paused before `from`, and each period's flows carry it forward, so a period's
 * `carried_over` is the previous one's `in_progress_end`. Rows exist for periods with flows.
 */
function rollForward(flows: Record<string, any>[], stocks: Record<string, any>[], keys: string[]): Record<string, any>[] {
  const key = (r: Record<string, any>) => keys.map((k) => r[k] ?? '').join('|');
  const base = new Map(stocks.map((st) => [key(st), st]));
  const state = new Map<string, { open: number; held: number }>();
  const rows = flows.map((r) => ({ ...r }));
  for (const r of [...rows].sort((a, b) => String(a.period).localeCompare(String(b.period)))) {
    const k = key(r);
    const st = state.get(k) ?? { open: Number(base.get(k)?.carried_over ?? 0), held: Number(base.get(k)?.paused_carried ?? 0) };
    const n = (c: string) => Number(r[c] ?? 0);
    r.carried_over = st.open;
    st.open += n('received') + n('transferred_in') - n('transferred_out') - n('resolved_early') - n('resolved_on_time') - n('resolved_late') - n('withdrawn') - n('stopped');
    st.held += n('paused') - n('resumed');
    r.in_progress_end = st.open;
    r.paused_end = st.held;
    state.set(k, st);
  }
  return rows;
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
  return [...byKey.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

/** Rows grouped by unit, with dissolved units' rows added into the units they became (order kept). */
function mergeIntoCurrentUnits(rows: Record<string, any>[], ctx: GraphQLContext): Record<string, any>[] {
  const counters = [...SUMMED, ...STOCKS];
  const out = new Map<string, Record<string, any>>();
  for (const r of rows) {
    const mapped: Record<string, any> = { ...r, unit_id: ctx.services.reference.currentUnit(r.unit_id).id };
    const key = JSON.stringify(Object.entries(mapped).filter(([k]) => !counters.includes(k) && k !== 'hist'));
    const prev = out.get(key);
    // A counter unknown on both sides (no snapshot that day) stays unknown.
    if (!prev) out.set(key, mapped);
    else {
      for (const c of counters) if (prev[c] != null || mapped[c] != null) prev[c] = Number(prev[c] ?? 0) + Number(mapped[c] ?? 0);
      prev.hist = mergeHistograms([prev.hist, mapped.hist]);
    }
  }
  const sortKey = (r: Record<string, any>) => `${ctx.services.reference.adminUnit(r.unit_id).code}|${r.agency_id ?? ''}|${r.channel ?? ''}|${r.period ?? ''}`;
  return [...out.values()].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}

/** The statistics of a filter and grouping, authorized for the caller; errors as typed results. */
export async function computeStatistics(
  ctx: GraphQLContext,
  filter: StatisticsFilter,
  groupBy: StatisticsDimension[],
  /** Read the processing-time histogram (only when the median is asked for: it has ten times the rollup's rows). */
  opts: { median?: boolean } = {},
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
  const select = dims.map((d) => `${d.expr} as ${d.alias}`).join(', ');
  const maxCells = ctx.services.config.limits.maxStatisticsCells;
  params.push(maxCells + 1);
  // Whole months with no daily or weekly grouping read the monthly rollups (30 times fewer rows).
  const monthly = filter.from.endsWith('-01') && isLastDayOfMonth(filter.to) && !groupBy.includes(StatisticsDimension.DAY) && !groupBy.includes(StatisticsDimension.WEEK);
  const table = `dossier_${byUnit ? 'unit_' : ''}${monthly ? 'monthly' : 'daily'}_stat`;
  const em = ctx.services.analytics.em.fork();
  const flowRows = await query(em, `select ${select ? `${select}, ` : ''}${SUMS} from ${table} s where ${where.join(' and ')}
    ${dims.length ? `group by ${dims.map((_d, i) => i + 1).join(', ')} order by ${dims.map((_d, i) => i + 1).join(', ')}` : ''} limit $${params.length}`, params);
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
  let rows = flowRows;
  let stockTotals: Record<string, number | null> = {};
  if (periodic) {
    rows = rollForward(flowRows, stocks, stockKeys);
    // Totals: the start of the range carried forward by all of its flows.
    const flowNet = (k: string) => sumOf(flowRows, k);
    const carried = sumOf(stocks, 'carried_over');
    stockTotals = {
      carried_over: carried,
      in_progress_end: carried + flowNet('received') + flowNet('transferred_in') - flowNet('transferred_out') - flowNet('resolved_early') - flowNet('resolved_on_time') - flowNet('resolved_late') - flowNet('withdrawn') - flowNet('stopped'),
      paused_end: sumOf(stocks, 'paused_carried') + flowNet('paused') - flowNet('resumed'),
    };
  } else {
    rows = joinStocks(flowRows, stocks, stockKeys);
    // In progress on time or late at the end of `to`: from that day's snapshot, if one was taken.
    const [snapshotDay] = await query(em, `select 1 from dossier_snapshot_day where day = $1::date`, [filter.to]);
    if (snapshotDay) {
      const open = await query(em, `select ${cols}sum(s.in_progress_on_time)::int as in_progress_on_time_end, sum(s.in_progress_late)::int as in_progress_late_end
        from dossier_open_snapshot s where ${['s.day = $2::date', 's.day >= $1::date', ...conds].join(' and ')} ${stockKeys.length ? `group by ${stockKeys.map((_k, i) => i + 1).join(', ')}` : ''} limit $${params.length}`, params);
      rows = joinStocks(rows, open, stockKeys);
      for (const r of rows) for (const k of SNAPSHOT_STOCKS) r[k] ??= 0;
    }
    const snapshotTaken = rows.some((r) => r.in_progress_on_time_end != null);
    stockTotals = Object.fromEntries(STOCKS.filter((k) => snapshotTaken || !SNAPSHOT_STOCKS.includes(k)).map((k) => [k, sumOf(rows, k)]));
  }
  if (rows.length > maxCells) return TooManyCells.of(maxCells);
  // Processing times by working-day bucket, from the histogram beside the rollup read above (for the median).
  const keys = dims.map((d) => d.alias);
  const buckets = !opts.median ? [] : await query<Record<string, any>>(em, `select ${select ? `${select}, ` : ''}s.bucket, sum(s.resolved)::int as n
    from ${table.replace(/_stat$/, '_processing_hist')} s where ${where.join(' and ')}
    group by ${[...dims.map((_d, i) => i + 1), dims.length + 1].join(', ')}`, params.slice(0, -1));
  const histKey = (r: Record<string, any>) => keys.map((k) => r[k] ?? '').join('|');
  const hists = new Map<string, Map<number, number>>();
  for (const b of buckets) {
    const h = hists.get(histKey(b)) ?? new Map<number, number>();
    h.set(b.bucket, (h.get(b.bucket) ?? 0) + b.n);
    hists.set(histKey(b), h);
  }
  if (opts.median) for (const r of rows) r.hist = hists.get(histKey(r)) ?? new Map();
  const merged = filter.mapToCurrentUnits && groupBy.includes(StatisticsDimension.UNIT) ? mergeIntoCurrentUnits(rows, ctx) : rows;
  const out = merged.map((r) => toRow(r, ctx));
  const total = toRow({ ...Object.fromEntries(SUMMED.map((k) => [k, sumOf(rows, k)])), ...stockTotals, hist: opts.median ? mergeHistograms(rows.map((r) => r.hist)) : undefined }, ctx);
  return Object.assign(new DossierStatisticsType(), { rows: out, total });
}

@Resolver()
export class StatisticsResolver {
  @Query(() => DossierStatisticsResult, {
    description: 'Flow counters of dossiers per group, from the daily and monthly rollups (the cost does not grow with the number of dossiers). Analysts and system admins: every agency; officers: their own agencies.',
  })
  async dossierStatistics(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => StatisticsFilter) filter: StatisticsFilter,
    @Arg('groupBy', () => [StatisticsDimension], { defaultValue: [] }) groupBy: StatisticsDimension[],
    @Info() info: GraphQLResolveInfo,
  ): Promise<typeof DossierStatisticsResult> {
    return computeStatistics(ctx, filter, groupBy, { median: selectsField(info, 'medianProcessingDays') });
  }
}
