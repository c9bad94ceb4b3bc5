import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import { selectedFieldNames } from '../graphql/look-ahead';
import { GraphQLContext } from '../server/context';
import { DossierStatisticsResult, StatisticsDimension, StatisticsFilter } from './statistics.output';
import { computeStatistics } from './statistics.query';

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
    const fields = selectedFieldNames(info);
    return computeStatistics(ctx, filter, groupBy, { median: fields.has('medianProcessingDays'), fields });
  }
}
