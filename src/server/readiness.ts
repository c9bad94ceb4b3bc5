import type { Services } from './context';
import { horizonWarning } from '../calendar/horizon';

/** One dependency's state: `off` where this instance does not run it (it then does not count). */
export type CheckState = 'ok' | 'down' | 'timeout' | 'off';

export interface ReadinessBody {
  status: 'ready' | 'not ready' | 'stopping';
  /** Absent while stopping: the instance is leaving whatever its dependencies say. */
  checks?: { database: CheckState; listener: CheckState; relay: CheckState };
  modules: string[];
  /**
   * What needs an admin's attention without making the instance unready; present only when there
   * is something: the confirmed holiday horizon less than `CALENDAR_HORIZON_WARNING_DAYS` ahead.
   */
  warnings?: string[];
}

/** Resolves `'timeout'` when `work` takes longer than `ms` (the work itself goes on and is ignored). */
async function within<T>(ms: number, work: Promise<T>): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What `/readyz` answers: 200 `ready` when this instance can do its work — the database answers
 * a bounded `select 1`, the LISTEN connection is up (without it subscriptions and the relay's
 * wake-ups go quiet), and, where this instance runs the outbox relay, a batch succeeded recently
 * — else 503 naming what is down. From the start of a graceful shutdown it answers 503 `stopping`
 * so that a load balancer drains the instance. A 200 may carry `warnings` (the holidays confirmed
 * for fewer than 90 days ahead, see calendar/horizon.ts): an admin's task, not a reason to drain.
 * No migrations check: during a rolling upgrade the old instances keep serving a schema expanded for the new code (see migrations/index.ts).
 */
export class Readiness {
  private stopping = false;
  /** The database probe under way, shared by every report asked for meanwhile. */
  private probe?: Promise<CheckState>;

  constructor(private readonly services: Pick<Services, 'config' | 'orm' | 'realtime' | 'modules' | 'calendar' | 'clock'>) {}

  /** From now on the instance reports `stopping` (called first thing in a graceful shutdown). */
  beginStopping(): void {
    this.stopping = true;
  }

  async report(): Promise<{ httpStatus: 200 | 503; body: ReadinessBody }> {
    const { config, orm, realtime, modules } = this.services;
    if (this.stopping) return { httpStatus: 503, body: { status: 'stopping', modules: modules.names } };
    // One probe at a time, however many callers: /readyz is anonymous, and a probe left behind by
    // its timeout still waits for a pool connection (a flood would queue one per request ahead of real work).
    this.probe ??= orm.em.fork().getConnection().execute('select 1').then(
      (): CheckState => 'ok',
      (): CheckState => 'down',
    ).finally(() => {
      this.probe = undefined;
    });
    const database = await within(config.readiness.databaseTimeoutMs, this.probe);
    const checks = {
      database,
      listener: (realtime.listener.connected ? 'ok' : 'down') as CheckState,
      relay: (config.realtime.relay ? (realtime.relay.healthy() ? 'ok' : 'down') : 'off') as CheckState,
    };
    const ready = Object.values(checks).every((c) => c === 'ok' || c === 'off');
    const warnings = database === 'ok' ? await this.warnings() : [];
    return { httpStatus: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not ready', checks, modules: modules.names, ...(warnings.length ? { warnings } : {}) } };
  }

  /** Warnings only (never a failure): the calendar is cached, so this rarely reads the database, and then boundedly. */
  private async warnings(): Promise<string[]> {
    const { config, orm, calendar, clock } = this.services;
    const loaded = await within(config.readiness.databaseTimeoutMs, calendar.calendar(orm.em.fork() as never).catch(() => undefined));
    if (loaded === 'timeout' || loaded === undefined) return [];
    const warning = horizonWarning(loaded.confirmedThrough, loaded.localDate(clock.now()));
    return warning ? [warning] : [];
  }
}
