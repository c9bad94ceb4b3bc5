/** A committed outbox event as the relay published it; `seq` orders all events of the platform. */
export interface PublishedEvent {
  /** The outbox row id: consumers use it to ignore an event they already handled. */
  id: string;
  seq: number;
  aggregateType: string;
  aggregateId: string;
  type: string;
  payload: Record<string, any>;
  createdAt: Date;
  /** The request (or job run) that recorded it, for the log lines about it; null when none did. */
  requestId: string | null;
}

/** The select list of a published event from `outbox_event` aliased as `o`. */
export const PUBLISHED_EVENT_COLUMNS = `o.id::text as id, o.published_seq as seq, o.aggregate_type as "aggregateType",
  o.aggregate_id as "aggregateId", o.type, o.payload, o.created_at as "createdAt", o.request_id as "requestId"`;

/** Rows as `pg` returns them (bigint as string) to events. */
export function toPublishedEvent(r: Record<string, any>): PublishedEvent {
  return { ...r, seq: Number(r.seq), createdAt: new Date(r.createdAt) } as PublishedEvent;
}

/** NOTIFY channels. `onedoor_outbox`: rows were written (wakes relays); `onedoor_events`: rows were published. */
export const OUTBOX_CHANNEL = 'onedoor_outbox';
export const EVENTS_CHANNEL = 'onedoor_events';
export const NOTIFICATIONS_CHANNEL = 'onedoor_notifications';
