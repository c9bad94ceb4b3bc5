import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { NotAuthorized, ValidationFailed } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { ModuleMeasureFilter, ModuleMeasureResult, ModuleMeasureType, ModuleMeasureValuesType } from './module-measures.output';
import { DeclaredMeasure } from './module-measures.types';
import { periodProblems, statisticsScope } from './scope';
import { StatisticsContext } from './statistics.context';

/** A declared measure as the API shows it (defaults filled in). */
export const describeMeasure = (m: DeclaredMeasure): ModuleMeasureType => ({
  key: m.key,
  moduleName: m.moduleName,
  label: m.label,
  description: m.description,
  dimensions: m.dimensions ?? [],
  combine: m.combine ?? 'SUM',
});

/** The groupings the kernel knows for every measure; the module's own dimensions come after. */
const PERIODS = new Map([['MONTH', 'YYYY-MM'], ['YEAR', 'YYYY']]);

/**
 * The values of the measure `key` among those the selected modules declare (`measures`: the
 * `statistics` of the module contract), served without the kernel knowing any module: each is SQL over `$1` = from and `$2` = to, which the kernel
 * wraps to filter by the agencies the caller may see and to group by what was asked (agency,
 * month or year, the module's dimensions), summing values or numerators and denominators.
 */
export async function computeModuleMeasure(
  ctx: StatisticsContext,
  measures: readonly DeclaredMeasure[],
  key: string,
  filter: ModuleMeasureFilter,
  groupBy: string[],
): Promise<typeof ModuleMeasureResult> {
  const p = requirePrincipal(ctx.principal);
  const scope = statisticsScope(p);
  if (!scope) return NotAuthorized.of('statistics: analysts, system admins and agency officers');
  const observer = scope.observer;
  const own = new Set(scope.own.map((id) => ctx.services.reference.agency(id).code));
  const issues = new Issues();
  const measure = measures.find((m) => m.key === key);
  if (!measure) issues.add('key', `Không có chỉ số này / No measure ${key} in the running modules`);
  for (const x of periodProblems(filter.from, filter.to)) issues.add(`filter.${x.field}`, x.message);
  (filter.agencyCodes ?? []).forEach((c, i) => {
    if (!ctx.services.reference.agencyByCode(c)) issues.add(`filter.agencyCodes[${i}]`, `Mã không tồn tại / Unknown code ${c}`);
    else if (!observer && !own.has(c)) issues.add(`filter.agencyCodes[${i}]`, 'Không phải cơ quan của bạn / Not your agency');
  });
  const dimensionKeys = new Set((measure?.dimensions ?? []).map((d) => d.key));
  groupBy.forEach((g, i) => {
    if (g !== 'AGENCY' && !PERIODS.has(g) && !dimensionKeys.has(g)) issues.add(`groupBy[${i}]`, `Không nhóm được theo ${g} / Not a grouping of this measure (AGENCY, MONTH, YEAR${[...dimensionKeys].map((k) => `, ${k}`).join('')})`);
  });
  if (groupBy.filter((g) => PERIODS.has(g)).length > 1) issues.add('groupBy', 'Chỉ một chiều thời gian / At most one period dimension');
  if (new Set(groupBy).size !== groupBy.length) issues.add('groupBy', 'Chiều bị lặp / A dimension is repeated');
  if (!issues.ok) return ValidationFailed.of(issues.list);
  const m = measure!;
  const wanted = filter.agencyCodes?.length ? filter.agencyCodes : observer ? null : [...own];
  const columns = groupBy.map((g) => (g === 'AGENCY' ? 'm.agency_code' : PERIODS.has(g) ? `to_char(m.period, '${PERIODS.get(g)}')` : `m.${g}::text`));
  const ratio = m.combine === 'RATIO';
  const sums = ratio ? 'sum(m.numerator)::float8 as numerator, sum(m.denominator)::float8 as denominator' : 'sum(m.value)::float8 as value';
  const positions = groupBy.map((_g, i) => i + 1).join(', ');
  const rows = await query(ctx.services.analytics.em.fork(), `select ${[...columns.map((c, i) => `${c} as g${i}`), sums].join(', ')}
    from (${m.sql}) m where $3::text[] is null or m.agency_code = any($3::text[])
    ${groupBy.length ? `group by ${positions} order by ${positions}` : ''}`, [filter.from, filter.to, wanted]);
  const decimals = 10 ** (m.decimals ?? 4);
  return Object.assign(new ModuleMeasureValuesType(), {
    measure: describeMeasure(m),
    rows: rows.map((r) => {
      const at = (g: string) => (groupBy.includes(g) ? r[`g${groupBy.indexOf(g)}`] : null);
      return {
        agencyCode: at('AGENCY'),
        period: at('MONTH') ?? at('YEAR'),
        dimensions: groupBy.filter((g) => dimensionKeys.has(g)).map((g) => ({ key: g, value: at(g) })),
        value: ratio ? (r.denominator ? Math.round((r.numerator / r.denominator) * decimals) / decimals : null) : r.value,
        numerator: ratio ? r.numerator : null,
        denominator: ratio ? r.denominator : null,
      };
    }),
  });
}
