import { once } from 'node:events';
import { Request, Response } from 'express';
import type { Principal } from '../auth/principal';
import { AuthenticationError } from '../auth/token.service';
import { isUuid } from '../db/ids';
import { query } from '../db/sql';
import { timeliness, vietnamLocalDate } from '../dossiers/timeliness';
import type { ReferenceData } from '../procedures/reference-data';
import type { Clock } from '../calendar/clock';
import { errorForLog, type Logger } from '../logging/logger';
import { isDay, periodProblems, statisticsScope } from './scope';
import type { AnalyticsDatabase } from './statistics.context';

const BATCH = 2000;

/** The columns of an export row, in order; no personal data (analysts compare agencies, not people). */
const EXPORT_COLUMNS = [
  'cursor',
  'code',
  'procedureCode',
  'holdingAgencyCode',
  'receivingAgencyCode',
  'unitCode',
  'channel',
  'nationalStatus',
  'submittedAt',
  'receivedAt',
  'dueAt',
  'originalDueAt',
  'finishedAt',
  'returnedAt',
  'closedAt',
  'timeliness',
] as const;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The sort key in PostgreSQL's full (microsecond) precision: a JavaScript Date would round it and repeat or skip rows. */
const KEY = `to_char(d.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function encodeCursor(submittedKey: string, id: string): string {
  return Buffer.from(JSON.stringify([submittedKey, id])).toString('base64url');
}

function decodeCursor(c: string): [string, string] | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    return isUuid(id) && typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at) ? [at, id] : null;
  } catch {
    return null;
  }
}

/** The services an export uses; the server's long-lived services have this shape. */
export interface DossierExportServices {
  /** Reads the caller from the request's bearer token, as the API does. */
  tokens: { fromAuthorization(header: unknown): Promise<Principal | undefined> };
  reference: ReferenceData;
  analytics: AnalyticsDatabase;
  clock: Clock;
  logger: Logger;
}

class ExportError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * `GET /exports/dossiers?format=csv|jsonl&from=YYYY-MM-DD&to=YYYY-MM-DD[&agencyCode=…][&after=cursor]`
 * with the same bearer token as the API: every dossier submitted in the period (Vietnam days,
 * inclusive), ordered by submission time and id, streamed in keyset batches so memory stays
 * flat whatever the size. Each row carries its `cursor`: an interrupted export resumes with
 * `after=` the last cursor received. Analysts and system admins export every agency, officers
 * their own; no applicant data leaves.
 */
export function dossierExportHandler(services: DossierExportServices) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const p = await services.tokens.fromAuthorization(req.headers.authorization).catch((e) => {
        if (e instanceof AuthenticationError) throw new ExportError(401, 'UNAUTHENTICATED', e.message);
        throw e;
      });
      if (!p) throw new ExportError(401, 'UNAUTHENTICATED', 'Authentication required');
      const scope = statisticsScope(p);
      if (!scope) throw new ExportError(403, 'FORBIDDEN', 'Exports are for analysts, system admins and agency officers');
      const { observer, own } = scope;
      const q = req.query as Record<string, string | undefined>;
      const format = q.format ?? 'csv';
      if (format !== 'csv' && format !== 'jsonl') throw new ExportError(400, 'BAD_USER_INPUT', 'format must be csv or jsonl');
      const [problem] = periodProblems(q.from, q.to);
      if (problem) throw new ExportError(400, 'BAD_USER_INPUT', problem.field === 'to' && isDay(q.to) ? 'to is before from' : `${problem.field}: a day as YYYY-MM-DD is required`);
      let agencies = observer ? [] : own;
      if (q.agencyCode) {
        const a = services.reference.agencyByCode(q.agencyCode);
        if (!a) throw new ExportError(400, 'BAD_USER_INPUT', `Unknown agency ${q.agencyCode}`);
        if (!observer && !own.includes(a.id)) throw new ExportError(403, 'FORBIDDEN', 'Export of another agency');
        agencies = [a.id];
      }
      let after = q.after ? decodeCursor(q.after) : null;
      if (q.after && !after) throw new ExportError(400, 'BAD_USER_INPUT', 'Invalid cursor');

      res.status(200).setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="dossiers-${q.from}-${q.to}.${format}"`);
      if (format === 'csv') res.write(`\uFEFF${EXPORT_COLUMNS.join(',')}\n`); // BOM: spreadsheet programs read UTF-8 Vietnamese right
      let closed = false;
      req.on('close', () => (closed = true));
      const em = services.analytics.em.fork();
      const { reference } = services;
      const now = services.clock.now();
      while (!closed) {
        const params: unknown[] = [`${q.from}T00:00:00+07:00`, `${q.to}T00:00:00+07:00`];
        const where = ['d.submitted_at >= $1::timestamptz', `d.submitted_at < $2::timestamptz + interval '1 day'`];
        if (agencies.length) {
          params.push(agencies);
          where.push(`d.holding_agency_id = any($${params.length}::uuid[])`);
        }
        if (after) {
          params.push(after[0], after[1]);
          where.push(`(d.submitted_at, d.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
        }
        params.push(BATCH);
        const rows = await query(em, `select d.id, ${KEY} as key, d.code, d.procedure_id, d.holding_agency_id, d.receiving_agency_id, d.admin_unit_id, d.channel, d.national_status,
            d.submitted_at, d.received_at, d.due_at, d.original_due_at, d.finished_at, d.returned_at, d.closed_at
          from dossier d where ${where.join(' and ')} order by d.submitted_at, d.id limit $${params.length}`, params);
        let chunk = '';
        for (const r of rows) {
          const row: Record<(typeof EXPORT_COLUMNS)[number], unknown> = {
            cursor: encodeCursor(r.key, r.id),
            code: r.code,
            procedureCode: reference.procedure(r.procedure_id).code,
            holdingAgencyCode: reference.agency(r.holding_agency_id).code,
            receivingAgencyCode: reference.agency(r.receiving_agency_id).code,
            unitCode: reference.adminUnit(r.admin_unit_id).code,
            channel: r.channel,
            nationalStatus: r.national_status,
            submittedAt: r.submitted_at,
            receivedAt: r.received_at,
            dueAt: r.due_at,
            originalDueAt: r.original_due_at,
            finishedAt: r.finished_at,
            returnedAt: r.returned_at,
            closedAt: r.closed_at,
            timeliness: timeliness({ receivedAt: r.received_at, originalDueAt: r.original_due_at, finishedAt: r.finished_at, closedAt: r.closed_at, pausedAt: null }, now, vietnamLocalDate),
          };
          chunk += format === 'csv' ? `${EXPORT_COLUMNS.map((c) => csvCell(row[c])).join(',')}\n` : `${JSON.stringify(row)}\n`;
        }
        // Backpressure: a slow reader holds the next batch back instead of piling it up in memory.
        if (chunk && !res.write(chunk) && !closed) await once(res, 'drain');
        if (rows.length < BATCH) break;
        const last = rows[rows.length - 1];
        after = [last.key, last.id];
      }
      res.end();
    } catch (e) {
      if (res.headersSent) {
        res.destroy(e as Error);
        return;
      }
      const err = e instanceof ExportError ? e : new ExportError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      if (!(e instanceof ExportError)) services.logger.error({ component: 'export', error: errorForLog(e) }, 'dossier export failed');
      res.status(err.status).json({ error: { code: err.code, message: err.message } });
    }
  };
}
