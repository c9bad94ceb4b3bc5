import { Tx } from '../db/sql';
import { NationalStatus } from '../dossiers/national-status';
import { timeliness, Timeliness, vietnamLocalDate } from '../dossiers/timeliness';
import { OutboxConsumer } from '../events/outbox-relay';
import { PublishedEvent } from '../events/published-event';

/** The flow counters of `dossier_daily_stat`, as SQL columns. */
export const FLOW_COUNTERS = [
  'received',
  'refused',
  'resolved_early',
  'resolved_on_time',
  'resolved_late',
  'paused',
  'withdrawn',
  'stopped',
  'returned',
  'rated_very_satisfied',
  'rated_satisfied',
  'rated_neutral',
  'rated_dissatisfied',
  'rated_very_dissatisfied',
] as const;
export type FlowCounter = (typeof FLOW_COUNTERS)[number];

const ON_ENTRY: Partial<Record<number, FlowCounter>> = {
  [NationalStatus.RECEIVED]: 'received',
  [NationalStatus.REFUSED]: 'refused',
  [NationalStatus.SUPPLEMENT_REQUESTED]: 'paused',
  [NationalStatus.PAYMENT_REQUESTED]: 'paused',
  [NationalStatus.WITHDRAWN]: 'withdrawn',
  [NationalStatus.STOPPED]: 'stopped',
  [NationalStatus.RETURNED]: 'returned',
};

const RESOLVED: Record<string, FlowCounter> = {
  [Timeliness.EARLY]: 'resolved_early',
  [Timeliness.ON_TIME]: 'resolved_on_time',
  [Timeliness.LATE]: 'resolved_late',
};

/**
 * Which counter a dossier event adds one to, if any: entering a national status (received,
 * refused, paused, resolved early / on time / late against the due date before any apology,
 * withdrawn, stopped, returned) or a rating. One sentence each is in the README.
 */
export function counterOf(e: PublishedEvent): FlowCounter | null {
  if (e.aggregateType !== 'Dossier') return null;
  const p = e.payload;
  if (p.action === 'evaluate' && p.evaluationLevel) return `rated_${String(p.evaluationLevel).toLowerCase()}` as FlowCounter;
  if (p.fromNationalStatus === p.nationalStatus) return null;
  if (p.nationalStatus === NationalStatus.RESOLVED) {
    const t = timeliness(
      { receivedAt: null, originalDueAt: p.originalDueAt ? new Date(p.originalDueAt) : null, finishedAt: p.finishedAt ? new Date(p.finishedAt) : null, closedAt: null, pausedAt: null },
      new Date(p.at),
      vietnamLocalDate,
    );
    return RESOLVED[t] ?? 'resolved_on_time'; // no due date (same-day procedures without a deadline): on time
  }
  return ON_ENTRY[p.nationalStatus] ?? null;
}

/** Keeps `dossier_daily_stat` in step with the published events, inside the relay's transaction. */
export class StatisticsRollup implements OutboxConsumer {
  readonly name = 'statistics';

  async consume(tx: Tx, events: PublishedEvent[]): Promise<void> {
    const cells = new Map<string, { key: string[]; counts: Map<FlowCounter, number> }>();
    for (const e of events) {
      const counter = counterOf(e);
      if (!counter) continue;
      const p = e.payload;
      const key = [p.holdingAgencyId, p.adminUnitId, p.procedureId, p.channel, vietnamLocalDate(new Date(p.at))];
      if (key.some((k) => !k)) continue; // events written before these fields existed
      const id = key.join('|');
      const cell = cells.get(id) ?? { key, counts: new Map() };
      cell.counts.set(counter, (cell.counts.get(counter) ?? 0) + 1);
      cells.set(id, cell);
    }
    if (!cells.size) return;
    const rows = [...cells.values()];
    const params: unknown[] = [0, 1, 2, 3, 4].map((i) => rows.map((r) => r.key[i]));
    for (const c of FLOW_COUNTERS) params.push(rows.map((r) => r.counts.get(c) ?? 0));
    const cols = FLOW_COUNTERS.join(', ');
    await tx.query(`insert into dossier_daily_stat (agency_id, unit_id, procedure_id, channel, day, ${cols})
      select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::date[], ${FLOW_COUNTERS.map((_c, i) => `$${i + 6}::int[]`).join(', ')})
      on conflict (agency_id, unit_id, procedure_id, channel, day) do update set
        ${FLOW_COUNTERS.map((c) => `${c} = dossier_daily_stat.${c} + excluded.${c}`).join(', ')}`, params);
  }
}
