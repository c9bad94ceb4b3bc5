import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { Account } from '../../../src/kernel';
import { Petition } from './petition.entity';
import { ReceptionSession } from './reception-session.entity';

/**
 * Every read of protected fields (a petitioner's identity, the names of citizens received):
 * who, when, which record, which fields, through which operation. Append-only (a trigger refuses
 * updates and deletes); only the head of the inspectorate may query it.
 */
@Entity({ tableName: 'inspectorate_protected_access_log' })
@Check({ name: 'inspectorate_protected_access_log_target_check', expression: '((petition_id IS NULL) <> (reception_session_id IS NULL))' })
@Index({ name: 'inspectorate_protected_access_log_petition_idx', properties: ['petition', 'at', 'id'] })
@Index({ name: 'inspectorate_protected_access_log_at_idx', properties: ['at', 'id'] })
export class ProtectedAccessLog {
  [OptionalProps]?: 'id' | 'petition' | 'receptionSession';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @ManyToOne(() => Account)
  account!: Rel<Account>;

  @Property({ type: 'text' })
  accountName!: string;

  @ManyToOne(() => Petition, { nullable: true, deleteRule: 'no action' })
  petition?: Rel<Petition> | null;

  @ManyToOne(() => ReceptionSession, { nullable: true, deleteRule: 'no action', index: true })
  receptionSession?: Rel<ReceptionSession> | null;

  /** Field paths returned, e.g. `fullName`, `letters.contentBase64`. */
  @Property({ type: 'text[]' })
  fields!: string[];

  /** The GraphQL operation and the path of the field, e.g. `query PetitionList › petitions.edges.node.petitioner`. */
  @Property({ type: 'text' })
  operation!: string;
}
