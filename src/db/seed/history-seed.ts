import { HISTOGRAM_LAST_BUCKET } from '../../statistics/processing-histogram.entity';
import type { Logger } from '../../logging/logger';
import { EntityManager } from '@mikro-orm/postgresql';
import { transaction, Tx } from '../sql';

/** The Đà Lạt one-stop desk's real yearly totals (the 2016 article, DOMAIN.md §1). */
const DA_LAT_RECEIVED: Record<number, number> = { 2014: 10_069, 2015: 18_095 };
const DA_LAT_UNIT = '672';
const DA_LAT_DESK = '000.00.22.H37';

/**
 * Relative volume per month: Tết (late January to February) empties the desks, the year's end
 * fills them (land and tax deadlines).
 */
const MONTH_WEIGHTS = [0.85, 0.55, 1.0, 1.0, 1.05, 1.05, 1.0, 1.05, 1.0, 1.1, 1.15, 1.25];

export interface HistorySeedOptions {
  /** Dossiers across the province besides the Đà Lạt desk, spread over `fromYear`..`toYear`. */
  provinceSize: number;
  fromYear: number;
  toYear: number;
  /** Include the Đà Lạt desk's 2014 and 2015 (default true). */
  daLat?: boolean;
  /** Progress lines (the `seed` component's logger). */
  logger?: Logger;
}

/**
 * Years of realistic, finished dossiers in bulk (set-based INSERT … SELECT, one transaction per
 * year and desk, no ORM): the Đà Lạt desk with exactly 10,069 dossiers received in 2014 and
 * 18,095 in 2015, and `provinceSize` more across the province's units and procedures, with
 * seasonality, working days and office hours only, the channel mix of the time (online grows
 * from 3 % in 2014), about 6 % late and 2 % withdrawn. Each dossier gets its reception,
 * approval and return in the history, its visibility row, and the daily statistics rollups, so
 * `dossierStatistics` sees them exactly as if they had been worked through the API; the months'
 * last days get the snapshot of the dossiers in progress the daily job would have taken
 * (`seedOpenSnapshots`), so the on-time and late split is known at every month's end.
 */
export async function seedHistory(em: EntityManager, opts: HistorySeedOptions): Promise<number> {
  const log = (m: string) => opts.logger?.info(m);
  let total = 0;
  for (const [year, count] of opts.daLat === false ? [] : Object.entries(DA_LAT_RECEIVED)) {
    total += await transaction(em, (tx) => seedYear(tx, Number(year), count, 'dalat'));
    log(`Đà Lạt desk ${year}: ${count} dossiers`);
  }
  const years = opts.toYear - opts.fromYear + 1;
  // Volumes grow about 12 % a year (more procedures online and at the desks).
  const growth = Array.from({ length: years }, (_y, i) => 1.12 ** i);
  const sum = growth.reduce((a, b) => a + b, 0);
  let left = opts.provinceSize;
  for (let i = 0; i < years && opts.provinceSize > 0; i++) {
    const count = i === years - 1 ? left : Math.round((opts.provinceSize * growth[i]) / sum);
    left -= count;
    if (count > 0) total += await transaction(em, (tx) => seedYear(tx, opts.fromYear + i, count, 'province'));
    log(`Province ${opts.fromYear + i}: ${count} dossiers`);
  }
  const seeded = [...(opts.daLat === false ? [] : Object.keys(DA_LAT_RECEIVED).map(Number)), ...(opts.provinceSize > 0 ? [opts.fromYear, opts.toYear] : [])];
  if (seeded.length) {
    const days = await transaction(em, (tx) => seedOpenSnapshots(tx, Math.min(...seeded), Math.max(...seeded)));
    log(`Snapshots of the dossiers in progress: ${days} month ends`);
  }
  // Fresh statistics for the planner: after a bulk load its estimates are off by orders of magnitude.
  await em.getConnection().execute('analyze dossier, dossier_history, dossier_access, dossier_open_snapshot, dossier_snapshot_day, dossier_daily_stat, dossier_unit_daily_stat, dossier_monthly_stat, dossier_unit_monthly_stat, dossier_daily_processing_hist, dossier_unit_daily_processing_hist, dossier_monthly_processing_hist, dossier_unit_monthly_processing_hist');
  return total;
}

async function seedYear(tx: Tx, year: number, count: number, scope: 'dalat' | 'province'): Promise<number> {
  const weights = `array[${MONTH_WEIGHTS.join(',')}]::float8[]`;
  // Working days of the year with their share; per-day counts by cumulative rounding, so the year sums to exactly `count`.
  await tx.query(`create temp table h_day on commit drop as
    with d as (
      select day::date as day, (${weights})[extract(month from day)::int] as w
      from generate_series(make_date($1::int, 1, 1), make_date($1::int, 12, 31), interval '1 day') day
      where extract(isodow from day) < 6
    ), c as (select day, sum(w) over (order by day) / sum(w) over () as cum from d)
    select day, (floor($2::int * cum) - floor($2::int * coalesce(lag(cum) over (order by day), 0)))::int as n from c`, [year, count]);
  await tx.query(`create temp table h_proc on commit drop as
    select p.id, p.agency_id, p.processing_amount, p.processing_unit::text as unit, row_number() over (order by p.code) - 1 as k
    from procedure p where p.active`);
  await tx.query(`create temp table h_unit on commit drop as
    select u.id, row_number() over (order by u.code) - 1 as k from admin_unit u
    where ${scope === 'dalat' ? `u.code = '${DA_LAT_UNIT}'` : `u.level = 'COMMUNE'`} and u.valid_from <= make_date($1::int, 12, 31)`, [year]);
  // The Đà Lạt desk's dossiers were handled by the city (DOMAIN §1: "Đà Lạt city alone handled
  // 10,069 dossiers in 2014 and 18,095 in 2015"): received and held by its committee, so they
  // count under its agency as under its unit (the rollups, the snapshots and every flow count
  // under the holding agency: README "Statistics"). Holding them by the catalogue procedure's
  // provincial department made the city's agency show none of them (issue 19, defect 9).
  const desk = scope === 'dalat' ? `(select id from agency where code = '${DA_LAT_DESK}')` : 'p.agency_id';
  const online = Math.min(0.6, 0.03 + 0.05 * Math.max(0, year - 2014));
  await tx.query(`create temp table h on commit drop as
    select gen_random_uuid() as id, p.id as procedure_id, ${desk} as agency_id, ${desk} as receiving_agency_id, u.id as unit_id,
      case when r.c < $1::float8 then 'ONLINE' when r.c < $1::float8 + 0.05 then 'POST' else 'COUNTER' end as channel,
      received_at, received_at + due as due_at,
      date_trunc('milliseconds', case when r.o < 0.02 then null when r.o < 0.08 then received_at + due * (1.1 + r.t) else received_at + due * (0.2 + 0.75 * r.t) end) as finished_at,
      r.o < 0.02 as withdrawn, g.i, h_day.day
    from h_day
    -- The random draws in the same row source as the series: one draw per dossier, not one for all.
    cross join lateral (select i, random() as c, random() as o, random() as t, random() as pk, random() as uk, random() as m from generate_series(1, h_day.n) i) r
    cross join lateral (select r.i) g(i)
    -- Millisecond precision, as the API writes (keyset cursors carry milliseconds).
    cross join lateral (select date_trunc('milliseconds', (h_day.day + time '07:00' + (r.m * interval '9 hours 30 minutes')) at time zone 'Asia/Ho_Chi_Minh') as received_at) ra
    join h_proc p on p.k = floor(r.pk * (select count(*) from h_proc))
    join h_unit u on u.k = floor(r.uk * (select count(*) from h_unit))
    cross join lateral (select case when p.unit = 'CALENDAR_DAYS' then p.processing_amount * interval '1 day'
                                    when p.unit = 'SAME_DAY' then interval '8 hours'
                                    else p.processing_amount * interval '1.4 days' end as due) dd`, [online]);
  const [{ n }] = await tx.query<{ n: number }>(`select count(*)::int as n from h`);
  await tx.query(`insert into dossier (id, code, procedure_id, receiving_agency_id, holding_agency_id, admin_unit_id, applicant_kind, applicant_name,
      applicant_id_number, channel, state, national_status, submitted_at, received_at, due_at, original_due_at, finished_at, returned_at, closed_at,
      version, updated_at, lookup_secret, notification_channels, notification_language)
    select h.id,
      ra.code || '-' || to_char(h.day, 'YYMMDD') || '-' || lpad(row_number() over (partition by h.receiving_agency_id, h.day order by h.received_at, h.id)::text, 4, '0') || '-L',
      h.procedure_id, h.receiving_agency_id, h.agency_id, h.unit_id, 'PERSON', 'Công dân ' || h.i, '068' || lpad((abs(hashtext(h.id::text)) % 1000000000)::text, 9, '0'),
      h.channel::channel, case when h.withdrawn then 'WITHDRAWN' else 'RETURNED' end, case when h.withdrawn then 7 else 10 end,
      h.received_at, h.received_at, h.due_at, h.due_at, h.finished_at, h.finished_at + interval '1 day',
      case when h.withdrawn then h.received_at + interval '2 days' end,
      1, coalesce(h.finished_at + interval '1 day', h.received_at + interval '2 days'), translate(upper(substr(md5(h.id::text), 1, 10)), '01', 'QR'), '{}', 'vi'
    from h join agency ra on ra.id = h.receiving_agency_id`);
  await tx.query(`insert into dossier_access (agency_id, dossier_id, submitted_at)
    select agency_id, id, received_at from h union select receiving_agency_id, id, received_at from h where receiving_agency_id <> agency_id`);
  await tx.query(`insert into dossier_history (dossier_id, at, actor_name, agency_id, action, from_state, to_state, note, data)
    select id, received_at, 'Văn thư', receiving_agency_id, 'receive', null, 'RECEIVED', null, '{}'::jsonb from h
    union all select id, finished_at, 'Lãnh đạo', agency_id, 'approve', 'AWAITING_APPROVAL', 'RESULT_READY', null, '{}'::jsonb from h where finished_at is not null
    union all select id, finished_at + interval '1 day', 'Văn thư', receiving_agency_id, 'returnResult', 'RESULT_READY', 'RETURNED', null, '{}'::jsonb from h where finished_at is not null
    union all select id, received_at + interval '2 days', 'Văn thư', receiving_agency_id, 'withdraw', 'RECEIVED', 'WITHDRAWN', 'Công dân rút hồ sơ', '{}'::jsonb from h where withdrawn`);
  // The rollups, as the relay would have written them (the same classification: src/statistics/rollup.consumer.ts).
  const local = (col: string) => `((${col}) at time zone 'Asia/Ho_Chi_Minh')::date`;
  await tx.query(`create temp table h_flow on commit drop as
    select agency_id, unit_id, procedure_id, channel, ${local('received_at')} as day, 1 as received, 0 as early, 0 as on_time, 0 as late, 0 as withdrawn, 0 as returned, 0::int8 as minutes from h
    union all
    -- Working minutes approximated as 40 of the 168 hours of a week (no calendar walk in bulk).
    select agency_id, unit_id, procedure_id, channel, ${local('finished_at')}, 0,
      (finished_at <= due_at and ${local('finished_at')} < ${local('due_at')})::int, (finished_at <= due_at and ${local('finished_at')} = ${local('due_at')})::int, (finished_at > due_at)::int, 0, 0,
      round(extract(epoch from finished_at - received_at) / 60 * 40 / 168)::int8
    from h where finished_at is not null
    union all
    select agency_id, unit_id, procedure_id, channel, ${local("finished_at + interval '1 day'")}, 0, 0, 0, 0, 0, 1, 0 from h where finished_at is not null
    union all
    select agency_id, unit_id, procedure_id, channel, ${local("received_at + interval '2 days'")}, 0, 0, 0, 0, 1, 0, 0 from h where withdrawn`);
  const rollups = [
    ['dossier_daily_stat', 'agency_id, procedure_id, channel, day', 'day'],
    ['dossier_unit_daily_stat', 'unit_id, agency_id, channel, day', 'day'],
    ['dossier_monthly_stat', 'agency_id, procedure_id, channel, day', "date_trunc('month', day)::date"],
    ['dossier_unit_monthly_stat', 'unit_id, agency_id, channel, day', "date_trunc('month', day)::date"],
  ];
  for (const [table, keys, day] of rollups) {
    await tx.query(`insert into ${table} (${keys}, received, resolved_early, resolved_on_time, resolved_late, withdrawn, returned, processing_minutes)
      select ${keys.replace(/\bday\b/, day)}, sum(received), sum(early), sum(on_time), sum(late), sum(withdrawn), sum(returned), sum(minutes) from h_flow group by 1, 2, 3, 4
      on conflict (${keys}) do update set
        received = ${table}.received + excluded.received, resolved_early = ${table}.resolved_early + excluded.resolved_early,
        resolved_on_time = ${table}.resolved_on_time + excluded.resolved_on_time, resolved_late = ${table}.resolved_late + excluded.resolved_late,
        withdrawn = ${table}.withdrawn + excluded.withdrawn, returned = ${table}.returned + excluded.returned,
        processing_minutes = ${table}.processing_minutes + excluded.processing_minutes`);
    // Each resolution's working-day bucket, for the median (src/statistics/processing-histogram.entity.ts).
    const hist = table.replace(/_stat$/, '_processing_hist');
    await tx.query(`insert into ${hist} (${keys}, bucket, resolved)
      select ${keys.replace(/\bday\b/, day)}, least(${HISTOGRAM_LAST_BUCKET}, minutes / 480)::smallint, count(*)::int from h_flow where early + on_time + late = 1 group by 1, 2, 3, 4, 5
      on conflict (${keys}, bucket) do update set resolved = ${hist}.resolved + excluded.resolved`);
  }
  return n;
}

/**
 * The snapshot of the dossiers in progress at the end of the last day of every month, from
 * January of `fromYear` to the month in which the last dossier received by the end of `toYear`
 * was resolved or closed (never a month not yet over), as the daily job takes it
 * (src/statistics/open-snapshot.ts) as far as the dossier's columns tell the past: received by
 * the end of that day (Vietnam time), not resolved or closed by then, late when the original due
 * date was before then (or before the pause, for one paused since before then; earlier pauses
 * are not kept, the seeded dossiers have none). Set-based: each dossier joins the month ends it
 * was open at, in one statement over the dossier table. The month ends are recounted from the
 * whole table, so seeding adjacent years in two runs leaves them right. Returns the month ends.
 */
async function seedOpenSnapshots(tx: Tx, fromYear: number, toYear: number): Promise<number> {
  const tz = `'Asia/Ho_Chi_Minh'`;
  // Month ends as local midnights after the month's last day (`local_end`) and as instants (`end_at`).
  await tx.query(`create temp table h_month_end on commit drop as
    with last as (
      select least(
        greatest(make_date($2::int, 12, 1), date_trunc('month', max(greatest(d.finished_at, d.closed_at)) at time zone ${tz})::date),
        (date_trunc('month', now() at time zone ${tz}) - interval '1 month')::date) as month
      from dossier d
      where d.received_at >= make_date($1::int, 1, 1)::timestamp at time zone ${tz} and d.received_at < make_date($2::int + 1, 1, 1)::timestamp at time zone ${tz}
    )
    select (local_end - interval '1 day')::date as day, local_end, local_end at time zone ${tz} as end_at
    from last cross join generate_series(make_date($1::int, 2, 1)::timestamp, last.month + interval '1 month', interval '1 month') local_end`, [fromYear, toYear]);
  const [{ n }] = await tx.query<{ n: number }>(`select count(*)::int as n from h_month_end`);
  await tx.query(`delete from dossier_open_snapshot where day in (select day from h_month_end)`);
  // Taken "at" the end of the day it describes: the figures are as of then, though computed now.
  await tx.query(`insert into dossier_snapshot_day (day, taken_at) select day, end_at from h_month_end on conflict (day) do nothing`);
  await tx.query(`insert into dossier_open_snapshot (day, agency_id, procedure_id, unit_id, channel, in_progress_on_time, in_progress_late, paused)
    select m.day, d.holding_agency_id, d.procedure_id, d.admin_unit_id, d.channel,
      count(*) filter (where not s.late), count(*) filter (where s.late), count(*) filter (where s.paused)
    from dossier d
    -- The month ends after its reception up to its resolution or closing (the last one of the range when still open).
    cross join lateral generate_series(date_trunc('month', d.received_at at time zone ${tz}) + interval '1 month',
      least(least(d.finished_at, d.closed_at) at time zone ${tz}, (select max(local_end) from h_month_end)), interval '1 month') e(local_end)
    join h_month_end m on m.local_end = e.local_end
    cross join lateral (select coalesce(d.paused_at < m.end_at, false) as paused) p
    cross join lateral (select p.paused, coalesce(d.original_due_at < case when p.paused then d.paused_at else m.end_at end, false) as late) s
    where d.received_at is not null
    group by 1, 2, 3, 4, 5`);
  return n;
}
