import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { Account } from '../auth/account.entity';
import { Agency } from '../org/agency.entity';
import type { Dossier } from './dossier.entity';

/** One step of a dossier's history; rows are only ever inserted. */
@Entity({ tableName: 'dossier_history' })
@Index({ name: 'dossier_history_dossier_idx', properties: ['dossier', 'at', 'id'] })
export class DossierHistory {
  [OptionalProps]?: 'id' | 'actor' | 'note' | 'data' | 'fromState' | 'agency';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne('Dossier', { deleteRule: 'cascade' })
  dossier!: Rel<Dossier>;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @ManyToOne(() => Account, { nullable: true })
  actor?: Rel<Account> | null;

  /** Name and role of the actor at the time, kept even if the account changes. */
  @Property({ type: 'text' })
  actorName!: string;

  /** The agency the actor acted for. */
  @ManyToOne(() => Agency, { nullable: true })
  agency?: Rel<Agency> | null;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  fromState?: string | null;

  @Property({ type: 'text' })
  toState!: string;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'json', nullable: true })
  data?: Record<string, unknown> | null;
}
