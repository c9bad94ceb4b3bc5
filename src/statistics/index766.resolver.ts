import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { GraphQLContext } from '../server/context';
import { computeIndex766 } from './index766';
import { Index766Result } from './index766.output';
import { StatisticsDimension, StatisticsFilter } from './statistics.output';

@Resolver()
export class Index766Resolver {
  @Query(() => Index766Result, { description: 'The Decision 766 service index per agency or unit and period, with each component, its points and the counters behind it. Components OneDoor cannot measure yet are reported as such.' })
  async index766(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => StatisticsFilter) filter: StatisticsFilter,
    @Arg('groupBy', () => [StatisticsDimension], { defaultValue: [StatisticsDimension.AGENCY] }) groupBy: StatisticsDimension[],
  ): Promise<typeof Index766Result> {
    return computeIndex766(ctx, ctx.services.modules.names, filter, groupBy);
  }
}
