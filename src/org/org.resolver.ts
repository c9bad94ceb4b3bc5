import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { query } from '../db/sql';
import { ADMIN_UNIT_SQL, AdminUnitView, AGENCY_SQL, AgencyView } from './org.views';
import { GraphQLContext } from '../server/context';
import { AdminUnitLevel } from './admin-unit.entity';
import { AdminUnitType, AgencyType } from './org.output';

/** Public reference data: the administrative tree and the agencies. */
@Resolver(() => AgencyType)
export class AgencyResolver {
  @Query(() => [AgencyType], { description: 'Agencies, by default those that exist today.' })
  async agencies(
    @Ctx() ctx: GraphQLContext,
    @Arg('includeDissolved', { defaultValue: false }) includeDissolved: boolean,
  ): Promise<AgencyView[]> {
    return query(ctx.em, `${AGENCY_SQL} ${includeDissolved ? '' : 'where valid_to is null'} order by code`);
  }

  @Query(() => AgencyType, { nullable: true })
  async agency(@Ctx() ctx: GraphQLContext, @Arg('code') code: string): Promise<AgencyView | null> {
    return (await query<AgencyView>(ctx.em, `${AGENCY_SQL} where code = $1`, [code]))[0] ?? null;
  }

  @FieldResolver(() => AdminUnitType)
  unit(@Root() a: AgencyView, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reference.adminUnit(a.unitId);
  }

  @FieldResolver(() => AgencyType, { nullable: true })
  parent(@Root() a: AgencyView, @Ctx() ctx: GraphQLContext) {
    return a.parentId ? ctx.services.reference.agency(a.parentId) : null;
  }
}

@Resolver(() => AdminUnitType)
export class AdminUnitResolver {
  @Query(() => [AdminUnitType], { description: 'Administrative units in force on a date (default today), or all with history.' })
  async administrativeUnits(
    @Ctx() ctx: GraphQLContext,
    @Arg('level', () => AdminUnitLevel, { nullable: true }) level?: AdminUnitLevel,
    @Arg('activeOn', () => String, { nullable: true, description: 'YYYY-MM-DD; omit with includeHistory for all.' }) activeOn?: string,
    @Arg('includeHistory', { defaultValue: false }) includeHistory?: boolean,
  ): Promise<AdminUnitView[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (level) {
      params.push(level);
      where.push(`level = $${params.length}`);
    }
    if (!includeHistory || activeOn) {
      if (activeOn && !/^\d{4}-\d{2}-\d{2}$/.test(activeOn)) {
        throw new GraphQLError('activeOn must be YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'activeOn' } });
      }
      params.push(activeOn ?? new Date().toISOString().slice(0, 10));
      where.push(`valid_from <= $${params.length}::date and (valid_to is null or valid_to >= $${params.length}::date)`);
    }
    return query(ctx.em, `${ADMIN_UNIT_SQL} ${where.length ? `where ${where.join(' and ')}` : ''} order by level, code`, params);
  }

  @FieldResolver(() => AdminUnitType, { nullable: true })
  parent(@Root() u: AdminUnitView, @Ctx() ctx: GraphQLContext) {
    return u.parentId ? ctx.services.reference.adminUnit(u.parentId) : null;
  }

  @FieldResolver(() => AdminUnitType, { nullable: true, description: 'The unit that took over a dissolved one (2025 merger).' })
  successor(@Root() u: AdminUnitView, @Ctx() ctx: GraphQLContext) {
    return u.successorId ? ctx.services.reference.adminUnit(u.successorId) : null;
  }
}
