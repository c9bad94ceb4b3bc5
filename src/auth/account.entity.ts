import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../db/ids';
import { Agency } from '../org/agency.entity';
import { Role } from './roles';

/** A local account (staff and citizens); citizens signed in by an external identity provider may have none. */
@Entity({ tableName: 'account' })
export class Account {
  [OptionalProps]?: 'id' | 'createdAt' | 'email' | 'phone' | 'identityNumber' | 'active' | 'passwordHash' | 'externalSubject' | 'failedLogins' | 'lockedUntil';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  @Unique()
  username!: string;

  /** scrypt hash in PHC-like format; null for accounts that only sign in through the identity provider. */
  @Property({ type: 'text', nullable: true, hidden: true, lazy: true })
  passwordHash?: string | null;

  @Property({ type: 'text' })
  fullName!: string;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  /** Citizen identity number (CCCD, 12 digits) or an organisation's tax code. */
  @Property({ type: 'text', nullable: true })
  @Unique()
  identityNumber?: string | null;

  /** `issuer|subject` of an external identity bound to this account. */
  @Property({ type: 'text', nullable: true })
  @Unique()
  externalSubject?: string | null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  /** Consecutive failed sign-ins; reset by a successful one. */
  @Property({ type: 'smallint', hidden: true, default: 0 })
  failedLogins: number = 0;

  /** Sign-in refused until then, after too many failures in a row (password guessing). */
  @Property({ type: 'timestamptz', nullable: true, hidden: true })
  lockedUntil?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @OneToMany(() => RoleAssignment, (r) => r.account, { orphanRemoval: true })
  roles = new Collection<RoleAssignment>(this);
}

/** A role held by an account; officer roles name their agency. */
@Entity({ tableName: 'role_assignment' })
@Unique({ properties: ['account', 'role', 'agency'] })
export class RoleAssignment {
  [OptionalProps]?: 'id' | 'agency';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  @Index()
  account!: Rel<Account>;

  @Enum({ items: () => Role, nativeEnumName: 'role' })
  role!: Role;

  @ManyToOne(() => Agency, { nullable: true })
  agency?: Rel<Agency> | null;
}
