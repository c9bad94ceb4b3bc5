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
import { unconfirmedFrom } from './horizon';

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

@ObjectType({ description: 'A due date, and whether the holidays it was computed with are confirmed (Labour Code 2019, art. 112: the lunar holidays are announced year by year).' })
class DueDateEstimate {
  @Field()
  dueDate!: Date;

  @Field({ description: 'True when every day up to the due date lies in a year whose holidays an admin confirmed.' })
  calendarConfirmed!: boolean;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the first day whose holidays are not confirmed, when the estimate reaches it (the answer may miss a holiday such as Tết); null when confirmed.' })
  unconfirmedFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the last day whose holidays are confirmed.' })
  confirmedThrough!: string | null;
}

@ObjectType()
class CalendarYearPayload {
  @Field(() => Int)
  year!: number;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the last day whose holidays are confirmed after this change.' })
  confirmedThrough!: string | null;
}

const CalendarYearResult = createUnionType({ name: 'CalendarYearResult', types: () => [CalendarYearPayload, ValidationFailed, NotAuthorized] as const });

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

  @Query(() => DueDateEstimate, { description: 'As `estimateDueDate`, saying whether the answer rests on a year whose holidays are not confirmed. Rate-limited per client address (`RATE_LIMITED`).' })
  @RateLimited('lookup')
  async dueDateEstimate(
    @Ctx() ctx: GraphQLContext,
    @Arg('procedureCode') procedureCode: string,
    @Arg('receivedAt', () => Date, { nullable: true }) receivedAt?: Date,
  ): Promise<DueDateEstimate> {
    const dueDate = await this.estimateDueDate(ctx, procedureCode, receivedAt);
    const calendar = await ctx.services.calendar.calendar(ctx.em);
    const through = calendar.confirmedThrough;
    const from = unconfirmedFrom(through, calendar.localDate(dueDate));
    return Object.assign(new DueDateEstimate(), { dueDate, calendarConfirmed: from === undefined, unconfirmedFrom: from ?? null, confirmedThrough: through ?? null });
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

  @Mutation(() => CalendarYearResult, { description: 'System admins confirm a year once its holidays and compensatory working days are entered (the Government’s yearly notice under Labour Code 2019, art. 112); deadlines reaching it are then no longer flagged.' })
  async confirmCalendarYear(@Ctx() ctx: GraphQLContext, @Arg('year', () => Int) year: number) {
    const principal = requirePrincipal(ctx.principal);
    if (!kernelPermissions.can(principal, 'calendar', 'manage')) return NotAuthorized.of('only system admins manage the calendar');
    const issues = new Issues();
    if (!Number.isInteger(year) || year < 2000 || year > 2100) issues.add('year', 'Năm phải từ 2000 đến 2100 / The year must be between 2000 and 2100');
    else {
      const [{ n }] = await query<{ n: number }>(ctx.em, `select count(*)::int as n from calendar_day where kind = 'HOLIDAY' and date >= make_date($1, 1, 1) and date < make_date($1 + 1, 1, 1)`, [year]);
      if (n === 0) issues.add('year', 'Chưa nhập ngày nghỉ lễ nào của năm này / No holiday of this year is entered yet');
    }
    if (!issues.ok) return ValidationFailed.of(issues.list);
    await ctx.em.transactional(async (tx) => {
      await tx.getConnection().execute(`insert into calendar_year (year, confirmed_by) values (?, ?) on conflict (year) do nothing`, [year, principal.accountId ?? null], 'run', tx.getTransactionContext());
      recordOutboxEvent(tx, { aggregateType: 'Calendar', aggregateId: String(year), type: 'CalendarYearConfirmed', payload: { year } });
    });
    ctx.services.calendar.invalidate();
    const calendar = await ctx.services.calendar.calendar(ctx.em);
    return Object.assign(new CalendarYearPayload(), { year, confirmedThrough: calendar.confirmedThrough ?? null });
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
