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

/** A history entry as `HistoryView`, from `dossier_history` aliased `h`. */
export const HISTORY_COLUMNS = `h.id::text as id, h.dossier_id as "dossierId", h.at, h.actor_id as "actorId", h.actor_name as "actorName",
  h.agency_id as "agencyId", h.action, h.from_state as "fromState", h.to_state as "toState", h.note`;

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
    this.pauses = new DataLoader(async (ids) =>
      grouped(ids, await query(em, `select dossier_id as "dossierId", reason, started_at as "startedAt", ended_at as "endedAt"
        from dossier_pause where dossier_id = any($1::uuid[]) order by started_at`, [ids]), (r) => r.dossierId),
    );
    this.stints = new DataLoader(async (ids) =>
      grouped(ids, await query(em, `select dossier_id as "dossierId", agency_id as "agencyId", started_at as "startedAt", ended_at as "endedAt"
        from dossier_agency_stint where dossier_id = any($1::uuid[]) order by started_at`, [ids]), (r) => r.dossierId),
    );
    this.files = new DataLoader(async (ids) =>
      grouped(ids, await query(em, `select f.id, f.dossier_id as "dossierId", f.name, f.component_code as "componentCode", f.file_sha256 as sha256,
        s.size, s.media_type as "mediaType", f.uploaded_at as "uploadedAt"
        from dossier_file f join stored_file s on s.sha256 = f.file_sha256 where f.dossier_id = any($1::uuid[]) order by f.uploaded_at, f.id`, [ids]), (r) => r.dossierId),
    );
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
