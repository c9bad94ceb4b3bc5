import { Arg, Ctx, createUnionType, Field, Float, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { NotAuthorized, ValidationFailed } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { periodProblems, statisticsScope } from './scope';
import { GraphQLContext } from '../server/context';
import type { StatisticDeclaration } from '../kernel/module-contract';

@ObjectType('ModuleDimension', { description: 'A dimension a module adds to its measure (a school, a classification …).' })
class ModuleDimensionType {
  @Field() key!: string;
  @Field() label!: string;
}

@ObjectType('ModuleMeasure', { description: 'A measure an agency module contributes to statistics.' })
class ModuleMeasureType {
  @Field() key!: string;
  @Field() moduleName!: string;
  @Field() label!: string;
  @Field() description!: string;
  @Field(() => [ModuleDimensionType], { description: 'What the measure can be grouped by besides AGENCY, YEAR and MONTH.' }) dimensions!: ModuleDimensionType[];
  @Field({ description: 'SUM: values add up; RATIO: each value is Σ numerator / Σ denominator of its group.' }) combine!: string;
}

@ObjectType('ModuleDimensionValue')
class ModuleDimensionValueType {
  @Field() key!: string;
  @Field(() => String, { nullable: true }) value!: string | null;
}

@ObjectType('ModuleMeasureValue')
class ModuleMeasureValueType {
  @Field(() => String, { nullable: true, description: 'Null unless grouped by AGENCY.' }) agencyCode!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM by MONTH, YYYY by YEAR (the module’s period, e.g. a term, falls in the month it starts); null without either.' }) period!: string | null;
  @Field(() => [ModuleDimensionValueType], { description: 'The module dimensions grouped by, in the order asked.' }) dimensions!: ModuleDimensionValueType[];
  @Field(() => Float, { nullable: true, description: 'Null for a ratio over nothing (a zero denominator).' }) value!: number | null;
  @Field(() => Float, { nullable: true, description: 'A ratio’s Σ numerator (null for a sum).' }) numerator!: number | null;
  @Field(() => Float, { nullable: true, description: 'A ratio’s Σ denominator (null for a sum).' }) denominator!: number | null;
}

@ObjectType('ModuleMeasureValues')
class ModuleMeasureValuesType {
  @Field(() => ModuleMeasureType) measure!: ModuleMeasureType;
  @Field(() => [ModuleMeasureValueType]) rows!: ModuleMeasureValueType[];
}

@InputType()
class ModuleMeasureFilter {
  @Field({ description: 'YYYY-MM-DD, inclusive.' }) from!: string;
  @Field({ description: 'YYYY-MM-DD, inclusive.' }) to!: string;
  @Field(() => [String], { nullable: true }) agencyCodes?: string[] | null;
}

const ModuleMeasureResult = createUnionType({ name: 'ModuleMeasureResult', types: () => [ModuleMeasureValuesType, ValidationFailed, NotAuthorized] as const });

type Declared = StatisticDeclaration & { moduleName: string };

const describe = (m: Declared): ModuleMeasureType => ({
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
 * Measures the selected modules declare (`statistics` in the module contract), served without
 * the kernel knowing any module: each is SQL over `$1` = from and `$2` = to, which the kernel
 * wraps to filter by the agencies the caller may see and to group by what was asked (agency,
 * month or year, the module's dimensions), summing values or numerators and denominators.
 */
@Resolver()
export class ModuleMeasureResolver {
  @Query(() => [ModuleMeasureType], { description: 'The measures the running modules contribute.' })
  moduleMeasures(@Ctx() ctx: GraphQLContext): ModuleMeasureType[] {
    return ctx.services.modules.statistics.map(describe);
  }

  @Query(() => ModuleMeasureResult, { description: 'The values of one module measure per group. Analysts and system admins: every agency; officers: their own.' })
  async moduleMeasure(
    @Ctx() ctx: GraphQLContext,
    @Arg('key') key: string,
    @Arg('filter', () => ModuleMeasureFilter) filter: ModuleMeasureFilter,
    @Arg('groupBy', () => [String], { defaultValue: ['AGENCY', 'MONTH'], description: 'AGENCY, MONTH or YEAR (at most one), and the measure’s dimension keys, in the order wanted.' }) groupBy: string[],
  ): Promise<typeof ModuleMeasureResult> {
    const p = requirePrincipal(ctx.principal);
    const scope = statisticsScope(p);
    if (!scope) return NotAuthorized.of('statistics: analysts, system admins and agency officers');
    const observer = scope.observer;
    const own = new Set(scope.own.map((id) => ctx.services.reference.agency(id).code));
    const issues = new Issues();
    const measure = ctx.services.modules.statistics.find((m) => m.key === key);
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
      measure: describe(m),
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
}
