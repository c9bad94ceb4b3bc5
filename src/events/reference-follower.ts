import { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarService } from '../calendar/calendar.service';
import { errorForLog, Logger } from '../logging/logger';
import { PROCEDURE_CHANGED } from '../procedures/catalogue-sync';
import type { ReferenceData } from '../procedures/reference-data';
import { CoalescedTask } from './coalesced-task';
import type { EventFeed } from './event-feed';

/**
 * Keeps this instance's in-memory copies of shared data in step with every other instance: a
 * catalogue change (`ProcedureChanged`) reloads `ReferenceData`; a calendar change
 * (`CalendarDayChanged`, `CalendarYearConfirmed`: every `Calendar` event) drops the cached
 * working calendar, so the next deadline is computed with the new holidays. Both arrive through
 * the outbox and the event feed (LISTEN/NOTIFY, with the feed's polling as safety net), so an
 * instance that missed a NOTIFY catches up. Reloads are coalesced (a burst of edits reloads once
 * or twice), run outside any request, and a failed one is retried.
 */
export class ReferenceFollower {
  private running = true;
  private readonly reload = new CoalescedTask(() => this.reloadNow(), () => this.running);
  private readonly unsubscribe: () => void;

  constructor(
    feed: EventFeed,
    private readonly reference: ReferenceData,
    private readonly calendar: CalendarService,
    private readonly em: () => EntityManager,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = feed.subscribe((e) => {
      if (e.aggregateType === 'Procedure' && e.type === PROCEDURE_CHANGED) this.reload.kick();
      else if (e.aggregateType === 'Calendar') this.calendar.invalidate();
    });
  }

  private async reloadNow(): Promise<void> {
    try {
      await this.reference.reload(this.em());
    } catch (e) {
      this.logger.warn({ error: errorForLog(e) }, 'reloading the catalogue failed, will retry');
      await new Promise((r) => setTimeout(r, 500));
      this.reload.kick();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe();
    await this.reload.settled();
  }
}
