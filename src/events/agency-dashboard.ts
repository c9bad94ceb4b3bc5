import { EntityManager } from '@mikro-orm/postgresql';
import { errorForLog, Logger } from '../logging/logger';
import { query } from '../db/sql';
import { BoundedQueue } from './bounded-queue';
import { EventFeed } from './event-feed';
import { PublishedEvent } from '../outbox/published-event';
import { Clock } from '../calendar/clock';
import { NationalStatus } from '../dossiers/national-status';
import { overdueSql } from '../dossiers/timeliness';
import { stepAtRiskSql, stepLateSql } from '../dossiers/step-budget';

/** Statuses in which a dossier is still on the agency's desk (result ready counts until returned). */
const OPEN_NATIONAL_STATUSES = [NationalStatus.NEW, NationalStatus.RECEIVED, NationalStatus.PROCESSING, NationalStatus.SUPPLEMENT_REQUESTED, NationalStatus.PAYMENT_REQUESTED, NationalStatus.RESOLVED];

export interface DashboardSnapshot {
  agencyId: string;
  at: Date;
  byStatus: { status: NationalStatus; count: number; overdue: number }[];
  open: number;
  overdue: number;
  /** Open workflow steps past their warning time, not yet past their deadline (`stepAtRiskSql`). */
  stepsAtRisk: number;
  /** Open workflow steps past their deadline (`stepLateSql`): escalated, or about to be. */
  stepsOverdue: number;
}

interface Watched {
  queues: Set<BoundedQueue<DashboardSnapshot>>;
  timer?: NodeJS.Timeout;
  computing: boolean;
  dirty: boolean;
  lastRun: number;
}

/**
 * Live counters of the dossiers an agency holds, for its dashboard: a feature fed by the event
 * feed (it sits with the events, above the dossier domain it counts). One computation per agency
 * and instance serves all its watchers, at most once per `throttleMs` however many events
 * arrive (trailing: the last change is always reflected), and once a minute anyway because
 * dossiers become overdue without any event.
 */
export class AgencyDashboards {
  private readonly watched = new Map<string, Watched>();
  private readonly tick: NodeJS.Timeout;

  constructor(
    private readonly em: EntityManager,
    feed: EventFeed,
    private readonly clock: Clock,
    private readonly throttleMs: number,
    /** The `dashboard` component's logger. */
    private readonly logger: Logger,
  ) {
    feed.subscribe((e) => this.onEvent(e));
    this.tick = setInterval(() => this.watched.forEach((_w, id) => this.schedule(id)), 60_000);
    this.tick.unref();
  }

  /** Sends the current counts (within `throttleMs`), then every change; stops when the queue ends. */
  watch(agencyId: string, queue: BoundedQueue<DashboardSnapshot>): void {
    let w = this.watched.get(agencyId);
    if (!w) {
      w = { queues: new Set(), computing: false, dirty: false, lastRun: 0 };
      this.watched.set(agencyId, w);
    }
    w.queues.add(queue);
    queue.onEnd(() => {
      w!.queues.delete(queue);
      if (!w!.queues.size) {
        clearTimeout(w!.timer);
        this.watched.delete(agencyId);
      }
    });
    // Through the shared, throttled computation: a first snapshot read on the side could land after a newer one.
    this.schedule(agencyId);
  }

  private onEvent(e: PublishedEvent): void {
    if (e.aggregateType !== 'Dossier') return;
    for (const id of [e.payload.holdingAgencyId, e.payload.previousHoldingAgencyId]) if (id && this.watched.has(id)) this.schedule(id);
  }

  private schedule(agencyId: string): void {
    const w = this.watched.get(agencyId);
    if (!w) return;
    if (w.computing) {
      w.dirty = true;
      return;
    }
    if (w.timer) return;
    const delay = Math.max(0, w.lastRun + this.throttleMs - Date.now());
    w.timer = setTimeout(() => void this.run(agencyId, w), delay);
  }

  private async run(agencyId: string, w: Watched): Promise<void> {
    w.timer = undefined;
    w.computing = true;
    w.lastRun = Date.now();
    try {
      const snapshot = await this.counts(agencyId);
      for (const q of w.queues) q.replace(snapshot);
    } catch (e) {
      this.logger.warn({ agencyId, error: errorForLog(e) }, 'agency dashboard counts failed');
    } finally {
      w.computing = false;
      if (w.dirty) {
        w.dirty = false;
        this.schedule(agencyId);
      }
    }
  }

  /**
   * One index range scan of `dossier_open_holding_idx`. Overdue: `overdueSql` (past the original
   * due date, whatever an apology promised). Steps at risk and overdue: one scan of
   * `dossier_step_open_agency_idx` with the step rules of `step-budget.ts`.
   */
  async counts(agencyId: string): Promise<DashboardSnapshot> {
    const now = this.clock.now();
    const em = this.em.fork();
    const [rows, [steps]] = await Promise.all([
      query(em, `select national_status as status, count(*)::int as count,
        count(*) filter (where ${overdueSql('dossier', '$2')})::int as overdue
      from dossier where holding_agency_id = $1 and national_status = any($3::smallint[]) group by national_status`, [agencyId, now, OPEN_NATIONAL_STATUSES]),
      query(em, `select count(*) filter (where ${stepAtRiskSql('s', 'd', '$2')})::int as "atRisk", count(*) filter (where ${stepLateSql('s', 'd', '$2')})::int as overdue
      from dossier_step s join dossier d on d.id = s.dossier_id where s.agency_id = $1 and s.ended_at is null and s.budget_minutes is not null`, [agencyId, now]),
    ]);
    const by = new Map(rows.map((r) => [r.status, r]));
    const byStatus = OPEN_NATIONAL_STATUSES.map((status) => ({ status, count: by.get(status)?.count ?? 0, overdue: by.get(status)?.overdue ?? 0 }));
    return {
      agencyId, at: now, byStatus, open: byStatus.reduce((a, b) => a + b.count, 0), overdue: byStatus.reduce((a, b) => a + b.overdue, 0),
      stepsAtRisk: steps.atRisk, stepsOverdue: steps.overdue,
    };
  }

  stop(): void {
    clearInterval(this.tick);
    for (const w of this.watched.values()) clearTimeout(w.timer);
  }
}
