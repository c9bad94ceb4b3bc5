import { EntityManager } from '@mikro-orm/postgresql';
import { CoalescedTask } from '../events/coalesced-task';
import { errorForLog, Logger } from '../logging/logger';
import { newRequestId, runInRequest } from '../logging/request-context';
import { Clock } from '../calendar/clock';
import { ModuleJob } from './module-contract';

/**
 * Runs the modules' scheduled jobs on every instance; a run takes a transaction-scoped advisory
 * lock named after the job, so two instances never run the same job at once (the other one skips
 * that round). Errors are logged and the job runs again at its next time.
 */
export class JobRunner {
  private stopped = true;
  private readonly tasks = new Map<string, { job: ModuleJob; task: CoalescedTask }>();

  constructor(
    private readonly em: EntityManager,
    jobs: ModuleJob[],
    private readonly clock: Clock,
    /** The `jobs` component's logger. */
    private readonly logger: Logger,
  ) {
    for (const job of jobs) {
      if (this.tasks.has(job.name)) throw new Error(`Job ${job.name} is declared twice`);
      this.tasks.set(job.name, { job, task: new CoalescedTask(() => this.runOnce(job).then(() => undefined), () => !this.stopped) });
    }
  }

  start(): void {
    this.stopped = false;
    for (const { job, task } of this.tasks.values()) task.repeatEvery(job.everyMs);
  }

  /** Runs a job now, on this instance (tests, admin tools); false when another instance holds it. */
  async runNow(name: string): Promise<boolean> {
    const entry = this.tasks.get(name);
    if (!entry) throw new Error(`Unknown job ${name}`);
    return this.runOnce(entry.job);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.tasks.values()].map(({ task }) => task.settled()));
  }

  /** One run, with an id of its own: its log lines and the outbox events it records carry it as `requestId`. */
  private runOnce(job: ModuleJob): Promise<boolean> {
    return runInRequest({ requestId: newRequestId() }, async () => {
      const started = Date.now();
      try {
        const ran = await this.em.fork().transactional(async (tx) => {
          const [lock] = await tx.getConnection().execute<{ ok: boolean }[]>(`select pg_try_advisory_xact_lock(hashtext(?)) as ok`, [`job:${job.name}`], 'all', tx.getTransactionContext());
          if (!lock.ok) return false;
          await job.run(tx, this.clock.now());
          return true;
        });
        if (ran) this.logger.info({ job: job.name, durationMs: Date.now() - started }, 'job ran');
        else this.logger.debug({ job: job.name }, 'job skipped: another instance runs it');
        return ran;
      } catch (e) {
        this.logger.error({ job: job.name, durationMs: Date.now() - started, error: errorForLog(e) }, 'job failed');
        return false;
      }
    });
  }
}
