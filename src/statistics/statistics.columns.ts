/**
 * The columns of a statistics row as read from the rollups: how each flow is summed, the stocks,
 * and which of them a selected row field needs.
 * @module
 */
import { counterType, FLOW_COUNTERS } from './rollup.consumer';

/** Each summed column of a statistics row, as SQL over the rollup `s`. */
export const SUM_SQL: Record<string, string> = {
  ...Object.fromEntries(FLOW_COUNTERS.map((c) => [c, `sum(s.${c})::${counterType(c)}`])),
  received_online: `sum(s.received) filter (where s.channel = 'ONLINE')::int`,
  received_counter: `sum(s.received) filter (where s.channel = 'COUNTER')::int`,
  received_post: `sum(s.received) filter (where s.channel = 'POST')::int`,
};

/** The columns that carry the stocks forward and so decide which rows exist: read whatever is selected. */
const STOCK_FLOWS = ['received', 'transferred_in', 'transferred_out', 'resolved_early', 'resolved_on_time', 'resolved_late', 'withdrawn', 'stopped', 'paused', 'resumed'];

/** The further columns a selected row field needs (the others read nothing more). */
const FIELD_COLUMNS: Record<string, string[]> = {
  receivedOnline: ['received_online'],
  receivedCounter: ['received_counter'],
  receivedPost: ['received_post'],
  onlineShare: ['received_online'],
  refused: ['refused'],
  returned: ['returned'],
  averageProcessingDays: ['processing_minutes'],
  paid: ['paid'],
  paidVnd: ['paid_vnd'],
  paidOnline: ['paid_online'],
  paidOnlineVnd: ['paid_online_vnd'],
  resultsIssuedElectronically: ['results_electronic'],
  satisfaction: ['rated_very_satisfied', 'rated_satisfied', 'rated_neutral', 'rated_dissatisfied', 'rated_very_dissatisfied'],
};

/** The row fields read from the daily snapshot of those in progress. */
export const SNAPSHOT_FIELDS = ['inProgressOnTimeAtEnd', 'inProgressLateAtEnd'];

export const SUMMED = Object.keys(SUM_SQL);
export const STOCKS = ['carried_over', 'in_progress_end', 'paused_end', 'in_progress_on_time_end', 'in_progress_late_end'];
/** Stocks that come from the daily snapshot: unknown (null) for a day without one. */
export const SNAPSHOT_STOCKS = ['in_progress_on_time_end', 'in_progress_late_end'];

/** The sums to read for the selected fields (all of them without a selection). */
export function columnsFor(fields: ReadonlySet<string> | undefined): string[] {
  if (!fields) return SUMMED;
  return [...new Set([...STOCK_FLOWS, ...Object.entries(FIELD_COLUMNS).flatMap(([f, cols]) => (fields.has(f) ? cols : []))])];
}
