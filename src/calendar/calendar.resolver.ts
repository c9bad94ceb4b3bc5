import { Arg, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver, createUnionType } from 'type-graphql';
import { GraphQLError } from 'graphql';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { NotAuthorized, ProcedureNotFound, ValidationFailed } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { RateLimited } from '../graphql/rate-limited';
import { GraphQLContext } from '../server/context';
import { recordOutboxEvent } from '../outbox/outbox-event.entity';
import { kernelPermissions } from '../auth/permissions';
import { CalendarDay, CalendarDayKind } from './holiday.entity';
import { EntityManager } from '@mikro-orm/postgresql';

@ObjectType('CalendarDay', { description: 'A holiday or a compensatory working day (ngày làm bù).' })
export class CalendarDayType {
  @Field({ description: 'YYYY-MM-DD' })
  date!: string;

  @Field(() => CalendarDayKind)
  kind!: CalendarDayKind;

  @Field()
  name!: string;
}

@ObjectType()
class CalendarDayPayload {
  @Field(() => CalendarDayType)
  day!: CalendarDayType;
}

const CalendarDayResult = createUnionType({ name: 'CalendarDayResult', types: () => [CalendarDayPayload, ValidationFailed, NotAuthorized] as const });

/**
 * Other instances cache the calendar; the outbox event (same transaction) is what lets them
 * drop it at once when the relay publishes it, instead of waiting for the cache to expire.
 */
function recordCalendarChange(em: EntityManager, date: string, change: 'set' | 'removed'): void {
  recordOutboxEvent(em, { aggregateType: 'Calendar', aggregateId: date, type: 'CalendarDayChanged', payload: { date, change } });
}

@Resolver()
export class CalendarResolver {
  @Query(() => Date, { description: 'When a dossier of the procedure received at `receivedAt` (default now) is due. Rate-limited per client address (`RATE_LIMITED`).' })
  @RateLimited('lookup')
  async estimateDueDate(
    @Ctx() ctx: GraphQLContext,
    @Arg('procedureCode') procedureCode: string,
    @Arg('receivedAt', () => Date, { nullable: true }) receivedAt?: Date,
  ): Promise<Date> {
    // The catalogue is in memory: an anonymous caller's aliases must not each take a pool connection.
    const p = ctx.services.reference.procedureByCode(procedureCode);
    if (!p || !p.active || !ctx.services.modules.names.includes(p.moduleName)) throw new GraphQLError(ProcedureNotFound.of(procedureCode).message, { extensions: { code: 'NOT_FOUND', procedureCode } });
    return ctx.services.calendar.dueDate(ctx.em, receivedAt ?? ctx.services.clock.now(), { amount: Number(p.processingAmount), unit: p.processingUnit as never });
  }

  @Query(() => [CalendarDayType], { description: 'Holidays and compensatory working days of a year.' })
  async calendarDays(@Ctx() ctx: GraphQLContext, @Arg('year', () => Int) year: number): Promise<CalendarDayType[]> {
    if (year < 2000 || year > 2100) throw new GraphQLError('year must be between 2000 and 2100', { extensions: { code: 'BAD_USER_INPUT' } });
    return query(ctx.em, `select to_char(date, 'YYYY-MM-DD') as date, kind, name from calendar_day
      where date >= make_date($1, 1, 1) and date < make_date($1 + 1, 1, 1) order by date`, [year]);
  }

  @Mutation(() => CalendarDayResult, { description: 'System admins declare a holiday or a compensatory working day (replaces the date’s entry).' })
  async setCalendarDay(
    @Ctx() ctx: GraphQLContext,
    @Arg('date') date: string,
    @Arg('kind', () => CalendarDayKind) kind: CalendarDayKind,
    @Arg('name') name: string,
  ) {
    if (!kernelPermissions.can(requirePrincipal(ctx.principal), 'calendar', 'manage')) return NotAuthorized.of('only system admins manage the calendar');
    const issues = new Issues();
    const clean = issues.text('name', name, 200);
    const d = new Date(`${date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) issues.add('date', 'Ngày không hợp lệ / Invalid date (YYYY-MM-DD)');
    const weekday = d.getUTCDay();
    if (issues.ok && kind === CalendarDayKind.WORKING_DAY && weekday !== 0 && weekday !== 6) issues.add('kind', 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật / A compensatory working day must fall on a weekend');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    await ctx.em.transactional(async (tx) => {
      await tx.upsert(CalendarDay, { date, kind, name: clean! });
      recordCalendarChange(tx, date, 'set');
    });
    ctx.services.calendar.invalidate();
    return Object.assign(new CalendarDayPayload(), { day: { date, kind, name: clean! } });
  }

  @Mutation(() => Boolean, { description: 'Removes a calendar entry; true when one existed.' })
  async removeCalendarDay(@Ctx() ctx: GraphQLContext, @Arg('date') date: string): Promise<boolean> {
    if (!kernelPermissions.can(requirePrincipal(ctx.principal), 'calendar', 'manage')) throw new GraphQLError('Only system admins manage the calendar', { extensions: { code: 'FORBIDDEN' } });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new GraphQLError('date must be YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
    const n = await ctx.em.transactional(async (tx) => {
      const removed = await tx.nativeDelete(CalendarDay, { date });
      if (removed) recordCalendarChange(tx, date, 'removed');
      return removed;
    });
    ctx.services.calendar.invalidate();
    return n > 0;
  }
}
