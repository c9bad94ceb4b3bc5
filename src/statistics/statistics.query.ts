import { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { NotAuthorized, TooManyCells, ValidationFailed } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { periodCount, PeriodUnit, periodProblems, statisticsScope } from './scope';
import { columnsFor, SNAPSHOT_FIELDS, SNAPSHOT_STOCKS, STOCKS, SUM_SQL, SUMMED } from './statistics.columns';
import { StatisticsContext } from './statistics.context';
import { DossierStatisticsResult, DossierStatisticsType, StatisticsDimension, StatisticsFilter } from './statistics.output';
import { compareText, joinStocks, mergeHistograms, mergeIntoCurrentUnits, netInProgress, netPaused, PeriodEnds, rollForward, sumOf, toRow } from './statistics.rows';

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
