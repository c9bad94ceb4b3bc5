import { DocumentLoaders } from '../documents/document.queries';
import { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { query } from '../db/sql';
import { grouped } from '../graphql/grouped';

function byId<T extends { id: string }>(em: EntityManager, sql: string): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await query<T>(em, `${sql} where id = any($1::uuid[])`, [ids]);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

export interface AccountName {
  id: string;
  fullName: string;
}

/** A dossier history entry as read paths use it (`HISTORY_COLUMNS`). */
export interface HistoryView {
  id: string;
  dossierId: string;
  at: Date;
  actorId: string | null;
  actorName: string;
  agencyId: string | null;
  action: string;
  fromState: string | null;
  toState: string;
  note: string | null;
}

/** A dossier's list relation read by a loader, or aggregated with the dossier's own row (`relationJsonSql`). */
interface Relation {
  /** FROM clause (with joins) over the related rows. */
  from: string;
  /** The dossier id column of the related rows. */
  dossierId: string;
  /** Output key → SQL expression. */
  columns: Record<string, string>;
  order: string;
  /** Keys holding timestamps (JSON carries them as text). */
  dates: readonly string[];
}

/** The relations `dossier(id)` reads with its row: the loaders read the same columns in the same order. */
export const DOSSIER_RELATIONS = {
  pauses: { from: 'dossier_pause r', dossierId: 'r.dossier_id', columns: { dossierId: 'r.dossier_id', reason: 'r.reason', startedAt: 'r.started_at', endedAt: 'r.ended_at' }, order: 'r.started_at', dates: ['startedAt', 'endedAt'] },
  stints: { from: 'dossier_agency_stint r', dossierId: 'r.dossier_id', columns: { dossierId: 'r.dossier_id', agencyId: 'r.agency_id', startedAt: 'r.started_at', endedAt: 'r.ended_at' }, order: 'r.started_at', dates: ['startedAt', 'endedAt'] },
  files: {
    from: 'dossier_file r join stored_file s on s.sha256 = r.file_sha256',
    dossierId: 'r.dossier_id',
    columns: { id: 'r.id', dossierId: 'r.dossier_id', name: 'r.name', componentCode: 'r.component_code', sha256: 'r.file_sha256', size: 's.size', mediaType: 's.media_type', uploadedAt: 'r.uploaded_at' },
    order: 'r.uploaded_at, r.id',
    dates: ['uploadedAt'],
  },
} satisfies Record<string, Relation>;

function relationSelect(r: Relation): string {
  return Object.entries(r.columns).map(([k, v]) => `${v} as "${k}"`).join(', ');
}

/** A loader query of `r` for a batch of dossier ids (`$1`). */
function relationLoaderSql(r: Relation): string {
  return `select ${relationSelect(r)} from ${r.from} where ${r.dossierId} = any($1::uuid[]) order by ${r.order}`;
}

/**
 * `r`'s rows of the dossier `d` as one JSON array (a correlated subquery for the dossier's own
 * statement), in the loader's order; {@link relationFromJson} maps it back to the loader's rows.
 */
export function relationJsonSql(r: Relation, dossier = 'd.id', limit?: string): string {
  return `(select coalesce(json_agg(x), '[]') from (select ${relationSelect(r)} from ${r.from} where ${r.dossierId} = ${dossier} order by ${r.order}${limit ? ` limit ${limit}` : ''}) x)`;
}

/** The rows of {@link relationJsonSql} as the loader returns them (timestamps as `Date`, as `query` gives them). */
export function relationFromJson<T>(r: Relation, rows: Record<string, unknown>[]): T[] {
  for (const row of rows) for (const k of r.dates) if (row[k] != null) row[k] = new Date(row[k] as string);
  return rows as T[];
}

/** The history as a {@link Relation} (newest first), for `dossier(id)`'s statement. */
export const HISTORY_RELATION: Relation = {
  from: 'dossier_history h',
  dossierId: 'h.dossier_id',
  columns: { id: 'h.id::text', dossierId: 'h.dossier_id', at: 'h.at', actorId: 'h.actor_id', actorName: 'h.actor_name', agencyId: 'h.agency_id', action: 'h.action', fromState: 'h.from_state', toState: 'h.to_state', note: 'h.note' },
  order: 'h.at desc, h.id desc',
  dates: ['at'],
};

/** A history entry as `HistoryView`, from `dossier_history` aliased `h`. */
export const HISTORY_COLUMNS = relationSelect(HISTORY_RELATION);

/**
 * DataLoaders for every relation a list can reach (ARCHITECTURE rule 5), created per request
 * so that nothing is cached across callers with different permissions. Agencies, units and
 * procedures come from {@link ReferenceData} instead.
 */
export class Loaders {
  private documentLoaders?: DocumentLoaders;
  private readonly moduleLoaders = new Map<string, unknown>();

  /**
   * A module's own loaders, created on first use and kept for this request only, e.g.
   * `ctx.loaders.forModule('land.parcelsByDossier', () => new DataLoader(...))`. Prefix keys with the module name.
   */
  forModule<T>(key: string, create: () => T): T {
    if (!this.moduleLoaders.has(key)) this.moduleLoaders.set(key, create());
    return this.moduleLoaders.get(key) as T;
  }

  /** Official documents' recipients, trace, files and dossier results (created on first use). */
  get documents(): DocumentLoaders {
    return (this.documentLoaders ??= new DocumentLoaders(this.em));
  }

  readonly account: DataLoader<string, AccountName | null>;
  private readonly historyByLimit = new Map<number, DataLoader<string, HistoryView[]>>();
  readonly pauses: DataLoader<string, { dossierId: string; reason: string; startedAt: Date; endedAt: Date | null }[]>;
  readonly stints: DataLoader<string, { dossierId: string; agencyId: string; startedAt: Date; endedAt: Date | null }[]>;
  readonly files: DataLoader<string, { id: string; dossierId: string; name: string; componentCode: string | null; sha256: string; size: number; mediaType: string; uploadedAt: Date }[]>;
  readonly evaluation: DataLoader<string, { dossierId: string; level: string; comment: string | null; createdAt: Date } | null>;

  constructor(private readonly em: EntityManager) {
    this.account = byId(em, `select id, full_name as "fullName" from account`);
    this.pauses = new DataLoader(async (ids) => grouped(ids, await query(em, relationLoaderSql(DOSSIER_RELATIONS.pauses), [ids]), (r) => r.dossierId));
    this.stints = new DataLoader(async (ids) => grouped(ids, await query(em, relationLoaderSql(DOSSIER_RELATIONS.stints), [ids]), (r) => r.dossierId));
    this.files = new DataLoader(async (ids) => grouped(ids, await query(em, relationLoaderSql(DOSSIER_RELATIONS.files), [ids]), (r) => r.dossierId));
    this.evaluation = new DataLoader(async (ids) => {
      const rows = await query(em, `select dossier_id as "dossierId", level, comment, created_at as "createdAt"
        from dossier_evaluation where dossier_id = any($1::uuid[])`, [ids]);
      const map = new Map(rows.map((r) => [r.dossierId, r]));
      return ids.map((id) => (map.get(id) as any) ?? null);
    });
  }

  /** The newest `limit` history entries of each dossier (all when `limit` is 0), newest first. */
  history(limit: number): DataLoader<string, HistoryView[]> {
    let loader = this.historyByLimit.get(limit);
    if (!loader) {
      const cols = HISTORY_COLUMNS;
      loader = new DataLoader(async (ids) => {
        const rows =
          limit > 0
            ? await query<HistoryView>(this.em, `select ${cols} from unnest($1::uuid[]) as k(id)
                cross join lateral (select * from dossier_history x where x.dossier_id = k.id order by x.at desc, x.id desc limit $2) h`, [ids, limit])
            : await query<HistoryView>(this.em, `select ${cols} from dossier_history h where h.dossier_id = any($1::uuid[]) order by h.at desc, h.id desc`, [ids]);
        return grouped(ids, rows, (r) => r.dossierId);
      });
      this.historyByLimit.set(limit, loader);
    }
    return loader;
  }
}
