import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { VIETNAM_UTC_OFFSET_MINUTES } from '../calendar/working-calendar';
import { overdueSql, vietnamLocalDate } from '../dossiers/timeliness';

/**
 * The dossiers in progress at the end of a working day, on time or late, per holding agency,
 * procedure, administrative unit and channel. Lateness comes with time, not with an event, so
 * the rollups cannot carry it: a snapshot taken once a day after closing time does.
 */
@Entity({ tableName: 'dossier_open_snapshot' })
export class DossierOpenSnapshot {
  @PrimaryKey({ type: 'date' })
  day!: string;

  @PrimaryKey({ type: 'uuid' })
  agencyId!: string;

  @PrimaryKey({ type: 'uuid' })
  procedureId!: string;

  @PrimaryKey({ type: 'uuid' })
  unitId!: string;

  @PrimaryKey({ type: 'text' })
  channel!: string;

  /** Received, not resolved, withdrawn or stopped, and not past the due date (before any apology). */
  @Property({ type: 'integer' })
  inProgressOnTime!: number;

  /** The same, past the due date (paused ones: past it when the pause began). */
  @Property({ type: 'integer' })
  inProgressLate!: number;

  /** Of all those, waiting for the applicant (supplement or payment). */
  @Property({ type: 'integer' })
  paused!: number;
}

/** The days a snapshot was taken (a day with nothing in progress has no rows above, but is known). */
@Entity({ tableName: 'dossier_snapshot_day' })
export class DossierSnapshotDay {
  @PrimaryKey({ type: 'date' })
  day!: string;

  @Property({ type: 'timestamptz' })
  takenAt!: Date;
}

/** Local hour after which a day's snapshot is taken: the end of the afternoon session. */
const SNAPSHOT_AFTER_LOCAL_HOUR = 17;

/**
 * Takes today's snapshot at the first run after 17:00 Vietnam time (nothing is taken for a day
 * the server was down all evening: its figures stay unknown rather than guessed). A job in the
 * shape the job runner takes (`ModuleJob`), declared without importing the module system above.
 */
export const openSnapshotJob = {
  name: 'statistics.open-snapshot',
  everyMs: 10 * 60_000,
  async run(em: EntityManager, now: Date): Promise<void> {
    const localHour = new Date(now.getTime() + VIETNAM_UTC_OFFSET_MINUTES * 60_000).getUTCHours();
    if (localHour < SNAPSHOT_AFTER_LOCAL_HOUR) return;
    const day = vietnamLocalDate(now);
    const conn = em.getConnection();
    const ctx = em.getTransactionContext();
    const [taken] = await conn.execute<{ day: string }[]>(`insert into dossier_snapshot_day (day, taken_at) values (?, ?) on conflict do nothing returning day`, [day, now], 'all', ctx);
    if (!taken) return;
    await conn.execute(
      `insert into dossier_open_snapshot (day, agency_id, procedure_id, unit_id, channel, in_progress_on_time, in_progress_late, paused)
       select ?::date, d.holding_agency_id, d.procedure_id, d.admin_unit_id, d.channel,
         count(*) filter (where not d.late), count(*) filter (where d.late), count(*) filter (where d.paused_at is not null)
       from (select x.*, ${overdueSql('x', '?')} as late from dossier x
             where x.received_at is not null and x.finished_at is null and x.closed_at is null) d
       group by d.holding_agency_id, d.procedure_id, d.admin_unit_id, d.channel`,
      [day, now],
      'run',
      ctx,
    );
  },
};
