import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { GraphQLContext } from '../server/context';
import { ModuleMeasureFilter, ModuleMeasureResult, ModuleMeasureType } from './module-measures.output';
import { computeModuleMeasure, describeMeasure } from './module-measures.query';

/** The measures the running modules contribute to statistics (`statistics` in the module contract). */
@Resolver()
export class ModuleMeasureResolver {
  @Query(() => [ModuleMeasureType], { description: 'The measures the running modules contribute.' })
  moduleMeasures(@Ctx() ctx: GraphQLContext): ModuleMeasureType[] {
    return ctx.services.modules.statistics.map(describeMeasure);
  }

  @Query(() => ModuleMeasureResult, { description: 'The values of one module measure per group. Analysts and system admins: every agency; officers: their own.' })
  async moduleMeasure(
    @Ctx() ctx: GraphQLContext,
    @Arg('key') key: string,
    @Arg('filter', () => ModuleMeasureFilter) filter: ModuleMeasureFilter,
    @Arg('groupBy', () => [String], { defaultValue: ['AGENCY', 'MONTH'], description: 'AGENCY, MONTH or YEAR (at most one), and the measure’s dimension keys, in the order wanted.' }) groupBy: string[],
  ): Promise<typeof ModuleMeasureResult> {
    return computeModuleMeasure(ctx, ctx.services.modules.statistics, key, filter, groupBy);
  }
}
