import { Arg, Ctx, createUnionType, Field, Float, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { NotAuthorized, ValidationFailed } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { periodProblems, statisticsScope } from './scope';
import { GraphQLContext } from '../server/context';

@ObjectType('ModuleMeasure', { description: 'A measure an agency module contributes to statistics.' })
class ModuleMeasureType {
  @Field() key!: string;
  @Field() moduleName!: string;
  @Field() label!: string;
  @Field() description!: string;
}

@ObjectType('ModuleMeasureValue')
class ModuleMeasureValueType {
  @Field() agencyCode!: string;
  @Field({ description: 'YYYY-MM (or the module’s period, as a day).' }) period!: string;
  @Field(() => Float) value!: number;
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

/**
 * Measures the selected modules declare (`statistics` in the module contract), served without
 * the kernel knowing any module: each is SQL over `$1` = from and `$2` = to returning
 * `(agency_code, period, value)`; the kernel authorizes and filters by agency.
 */
@Resolver()
export class ModuleMeasureResolver {
  @Query(() => [ModuleMeasureType], { description: 'The measures the running modules contribute.' })
  moduleMeasures(@Ctx() ctx: GraphQLContext): ModuleMeasureType[] {
    return ctx.services.modules.statistics.map(({ key, moduleName, label, description }) => ({ key, moduleName, label, description }));
  }

  @Query(() => ModuleMeasureResult, { description: 'The values of one module measure per agency and period. Analysts and system admins: every agency; officers: their own.' })
  async moduleMeasure(@Ctx() ctx: GraphQLContext, @Arg('key') key: string, @Arg('filter', () => ModuleMeasureFilter) filter: ModuleMeasureFilter): Promise<typeof ModuleMeasureResult> {
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
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const wanted = filter.agencyCodes?.length ? new Set(filter.agencyCodes) : observer ? null : own;
    const rows = await query(ctx.services.analytics.em.fork(), measure!.sql, [filter.from, filter.to]);
    const toPeriod = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 7) : String(v).slice(0, 7));
    return Object.assign(new ModuleMeasureValuesType(), {
      measure: { key: measure!.key, moduleName: measure!.moduleName, label: measure!.label, description: measure!.description },
      rows: rows
        .filter((r) => !wanted || wanted.has(r.agency_code))
        .map((r) => ({ agencyCode: r.agency_code, period: toPeriod(r.period), value: Number(r.value) }))
        .sort((a, b) => `${a.agencyCode}${a.period}`.localeCompare(`${b.agencyCode}${b.period}`)),
    });
  }
}
