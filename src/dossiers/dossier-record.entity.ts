import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../db/ids';
import { Agency } from '../org/agency.entity';
import type { Dossier } from './dossier.entity';

/**
 * Structured data one agency attaches to a dossier for the next one in an inter-agency
 * procedure, e.g. the cadastral data sheet (phiếu chuyển thông tin địa chính) that land sends
 * to tax. Modules exchange data through it without importing each other. Append-only: a
 * correction is a new row, so each agency's version stays on record.
 */
@Entity({ tableName: 'dossier_record' })
@Index({ properties: ['dossier', 'kind', 'createdAt'] })
export class DossierRecord {
  [OptionalProps]?: 'id' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne('Dossier', { deleteRule: 'cascade' })
  dossier!: Rel<Dossier>;

  /** What the data is, e.g. `land.cadastral-data`; its shape is the writer's published contract. */
  @Property({ type: 'text' })
  kind!: string;

  /** The agency that wrote it. */
  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @Property({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Property({ type: 'text' })
  createdByName!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** Appends a record in the caller's transaction. */
export async function putDossierRecord(
  em: EntityManager,
  r: { dossierId: string; kind: string; agencyCode: string; data: Record<string, unknown>; createdByName: string; at: Date },
): Promise<DossierRecord> {
  const agency = await em.findOneOrFail(Agency, { code: r.agencyCode });
  return em.create(DossierRecord, { dossier: r.dossierId, kind: r.kind, agency, data: r.data, createdByName: r.createdByName, createdAt: r.at });
}

/** The newest record of a kind on a dossier, or null. */
export async function latestDossierRecord(em: EntityManager, dossierId: string, kind: string): Promise<{ data: Record<string, unknown>; agencyCode: string; createdAt: Date } | null> {
  const r = await em.findOne(DossierRecord, { dossier: dossierId, kind }, { orderBy: { createdAt: 'desc', id: 'desc' }, populate: ['agency'] });
  return r ? { data: r.data, agencyCode: r.agency.code, createdAt: r.createdAt } : null;
}
