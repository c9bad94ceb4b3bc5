import { Tx } from '../db/sql';
import { hasEffect } from '../dossiers/dossier-event';
import { NationalStatus } from '../dossiers/national-status';
import { ActionEffect } from '../dossiers/workflow/workflow.types';
import { timeliness, Timeliness, vietnamLocalDate } from '../dossiers/timeliness';
import { OutboxConsumer } from '../events/outbox-relay';
import { PublishedEvent } from '../outbox/published-event';
import { bucketOf } from './processing-histogram.entity';

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
  'transferred_in',
  'transferred_out',
  'resumed',
  'processing_minutes',
  'paid',
  'paid_vnd',
  'paid_online',
  'paid_online_vnd',
  'results_electronic',
] as const;
export type FlowCounter = (typeof FLOW_COUNTERS)[number];

/** Counters that are sums of quantities (minutes, VND), not of events: 64-bit. */
const BIGINT_COUNTERS: ReadonlySet<FlowCounter> = new Set(['processing_minutes', 'paid_vnd', 'paid_online_vnd']);

/** The SQL type of a counter column. */
export const counterType = (c: FlowCounter): 'int8' | 'int' => (BIGINT_COUNTERS.has(c) ? 'int8' : 'int');

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
function counterOf(e: PublishedEvent): FlowCounter | null {
  if (e.aggregateType !== 'Dossier') return null;
  const p = e.payload;
  // Only a rating carries a level (the recorder sets it for nothing else).
  if (p.evaluationLevel) return `rated_${String(p.evaluationLevel).toLowerCase()}` as FlowCounter;
  if (p.fromNationalStatus === p.nationalStatus) return null;
  if (p.nationalStatus === NationalStatus.RESOLVED) {
    const t = timeliness(
      { receivedAt: null, originalDueAt: p.originalDueAt ? new Date(p.originalDueAt) : null, finishedAt: p.finishedAt ? new Date(p.finishedAt) : null, closedAt: null, pausedAt: null },
      new Date(p.at),
      vietnamLocalDate,
    );
    return RESOLVED[t] ?? 'resolved_on_time'; // no due date (same-day procedures without a deadline): on time
  }
  const counter = ON_ENTRY[p.nationalStatus] ?? null;
  // Withdrawn or stopped count only received dossiers: they leave the in-progress stock, which a
  // dossier never received (an online submission withdrawn at status 1 → 7) was never part of.
  // The report's figures balance received + carried over = resolved + withdrawn + stopped + in
  // progress (DOMAIN §7 counters; the exact report form is (unverified)).
  if ((counter === 'withdrawn' || counter === 'stopped') && !wasReceived(p)) return null;
  return counter;
}

/** Whether the dossier had been received when the event happened; events older than `receivedAt` in the payload: by the status left. */
const wasReceived = (p: PublishedEvent['payload']): boolean =>
  p.receivedAt === undefined ? p.fromNationalStatus !== NationalStatus.NEW : !!p.receivedAt;

const PAUSED = new Set<number>([NationalStatus.SUPPLEMENT_REQUESTED, NationalStatus.PAYMENT_REQUESTED]);

/**
 * Every counter an event moves, with the agency it counts for: its flow counter (above) for the
 * holding agency; a transfer also counts out of the previous agency and into the new one, and
 * leaving a paused status counts as resumed. With these, the dossiers in progress or paused at
 * any day are sums of flows (see the statistics resolver).
 */
function countsOf(e: PublishedEvent): { agencyId: string; counter: FlowCounter; by?: number }[] {
  if (e.aggregateType === 'Document' && e.type === 'DocumentIssued' && e.payload.dossierId) return [{ agencyId: e.payload.issuerId, counter: 'results_electronic' }];
  if (e.aggregateType !== 'Dossier') return [];
  const p = e.payload;
  const out: { agencyId: string; counter: FlowCounter; by?: number }[] = [];
  const flow = counterOf(e);
  if (flow) out.push({ agencyId: p.holdingAgencyId, counter: flow });
  // With each resolution, its working minutes (for the average processing time).
  if (flow?.startsWith('resolved_') && typeof p.processingWorkingMinutes === 'number') {
    out.push({ agencyId: p.holdingAgencyId, counter: 'processing_minutes', by: p.processingWorkingMinutes });
  }
  if (p.previousHoldingAgencyId) {
    out.push({ agencyId: p.previousHoldingAgencyId, counter: 'transferred_out' }, { agencyId: p.holdingAgencyId, counter: 'transferred_in' });
  }
  if (PAUSED.has(p.fromNationalStatus) && !PAUSED.has(p.nationalStatus)) out.push({ agencyId: p.holdingAgencyId, counter: 'resumed' });
  if (hasEffect(p, ActionEffect.RECORD_PAYMENT) && p.fromNationalStatus === NationalStatus.PAYMENT_REQUESTED) {
    const vnd = typeof p.paymentAmountVnd === 'number' ? p.paymentAmountVnd : 0;
    out.push({ agencyId: p.holdingAgencyId, counter: 'paid' }, { agencyId: p.holdingAgencyId, counter: 'paid_vnd', by: vnd });
    if (p.paymentChannel === 'ONLINE') {
      out.push({ agencyId: p.holdingAgencyId, counter: 'paid_online' }, { agencyId: p.holdingAgencyId, counter: 'paid_online_vnd', by: vnd });
    }
  }
  return out;
}

/**
 * Documents issued as a dossier's result, with the dossier's procedure, channel and unit (which
 * a document event does not carry), so they count in the same cells as the dossier's flows.
 */
async function resultDocuments(tx: Tx, events: PublishedEvent[]): Promise<PublishedEvent[]> {
  const issued = events.filter((e) => e.aggregateType === 'Document' && e.type === 'DocumentIssued' && e.payload.dossierId && e.payload.issuerId);
  if (!issued.length) return [];
  const rows = await tx.query<{ id: string; procedure_id: string; channel: string; admin_unit_id: string }>(
    'select id, procedure_id, channel, admin_unit_id from dossier where id = any($1::uuid[])', [issued.map((e) => e.payload.dossierId)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return issued.flatMap((e) => {
    const d = byId.get(e.payload.dossierId);
    return d ? [{ ...e, payload: { ...e.payload, procedureId: d.procedure_id, channel: d.channel, adminUnitId: d.admin_unit_id } }] : [];
  });
}

/** Keeps the rollups in step with the published events, inside the relay's transaction. */
export class StatisticsRollup implements OutboxConsumer {
  readonly name = 'statistics';

  async consume(tx: Tx, events: PublishedEvent[]): Promise<void> {
    const counted = [...events.filter((e) => e.payload.adminUnitId), ...(await resultDocuments(tx, events))].flatMap((e) => countsOf(e).map((c) => ({ e, ...c })));
    if (!counted.length) return;
    const day = (e: PublishedEvent) => vietnamLocalDate(new Date(e.payload.at));
    const month = (e: PublishedEvent) => `${day(e).slice(0, 7)}-01`;
    for (const [grain, at] of [['daily', day], ['monthly', month]] as const) {
      await upsertRollup(tx, `dossier_${grain}_stat`, ['agency_id', 'procedure_id', 'channel', 'day'], ['uuid', 'uuid', 'text', 'date'],
        counted.map(({ e, agencyId, counter, by }) => ({ key: [agencyId, e.payload.procedureId, e.payload.channel, at(e)], counter, by })));
      await upsertRollup(tx, `dossier_unit_${grain}_stat`, ['unit_id', 'agency_id', 'channel', 'day'], ['uuid', 'uuid', 'text', 'date'],
        counted.map(({ e, agencyId, counter, by }) => ({ key: [e.payload.adminUnitId, agencyId, e.payload.channel, at(e)], counter, by })));
    }
    // Each resolution's processing time, in its working-day bucket (for the median).
    const timed = counted.filter((c) => c.counter === 'processing_minutes');
    if (!timed.length) return;
    for (const [grain, at] of [['daily', day], ['monthly', month]] as const) {
      await upsertHistogram(tx, `dossier_${grain}_processing_hist`, ['agency_id', 'procedure_id', 'channel', 'day'], ['uuid', 'uuid', 'text', 'date'],
        timed.map(({ e, agencyId, by }) => ({ key: [agencyId, e.payload.procedureId, e.payload.channel, at(e)], bucket: bucketOf(by!) })));
      await upsertHistogram(tx, `dossier_unit_${grain}_processing_hist`, ['unit_id', 'agency_id', 'channel', 'day'], ['uuid', 'uuid', 'text', 'date'],
        timed.map(({ e, agencyId, by }) => ({ key: [e.payload.adminUnitId, agencyId, e.payload.channel, at(e)], bucket: bucketOf(by!) })));
    }
  }
}

/** Adds one resolution per item to its cell's bucket, with one multi-row upsert. */
async function upsertHistogram(tx: Tx, table: string, keys: string[], types: string[], items: { key: string[]; bucket: number }[]): Promise<void> {
  const cells = new Map<string, { key: string[]; bucket: number; n: number }>();
  for (const { key, bucket } of items) {
    const id = `${key.join('|')}|${bucket}`;
    const cell = cells.get(id) ?? { key, bucket, n: 0 };
    cell.n++;
    cells.set(id, cell);
  }
  const rows = [...cells.values()];
  const params: unknown[] = [...keys.map((_k, i) => rows.map((r) => r.key[i])), rows.map((r) => r.bucket), rows.map((r) => r.n)];
  await tx.query(`insert into ${table} (${keys.join(', ')}, bucket, resolved)
    select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}, $${keys.length + 1}::smallint[], $${keys.length + 2}::int[])
    on conflict (${keys.join(', ')}, bucket) do update set resolved = ${table}.resolved + excluded.resolved`, params);
}

/** Adds one (or `by`) per item to its counter in its cell, with one multi-row upsert. */
async function upsertRollup(tx: Tx, table: string, keys: string[], types: string[], items: { key: string[]; counter: FlowCounter; by?: number }[]): Promise<void> {
  const cells = new Map<string, { key: string[]; counts: Map<FlowCounter, number> }>();
  for (const { key, counter, by } of items) {
    const id = key.join('|');
    const cell = cells.get(id) ?? { key, counts: new Map() };
    cell.counts.set(counter, (cell.counts.get(counter) ?? 0) + (by ?? 1));
    cells.set(id, cell);
  }
  const rows = [...cells.values()];
  const params: unknown[] = keys.map((_k, i) => rows.map((r) => r.key[i]));
  for (const c of FLOW_COUNTERS) params.push(rows.map((r) => r.counts.get(c) ?? 0));
  const arrays = [...types.map((t, i) => `$${i + 1}::${t}[]`), ...FLOW_COUNTERS.map((c, i) => `$${keys.length + i + 1}::${counterType(c)}[]`)];
  await tx.query(`insert into ${table} (${keys.join(', ')}, ${FLOW_COUNTERS.join(', ')})
    select * from unnest(${arrays.join(', ')})
    on conflict (${keys.join(', ')}) do update set ${FLOW_COUNTERS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`, params);
}
