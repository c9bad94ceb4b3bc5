import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../db/ids';
import { Agency } from '../org/agency.entity';
import { Role } from './roles';

/** A local account (staff and citizens); citizens signed in by an external identity provider may have none. */
@Entity({ tableName: 'account' })
export class Account {
  [OptionalProps]?: 'id' | 'createdAt' | 'email' | 'phone' | 'identityNumber' | 'active' | 'passwordHash' | 'externalSubject' | 'failedLogins' | 'lockedUntil' | 'tokenVersion' | 'identityVerified';

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

  /**
   * The identity number is a verified citizen identity (a seeded citizen register entry): only
   * then, and only on a citizen account, does it give citizen-side rights. A number an admin
   * types into `createAccount` stays unverified and grants nothing.
   */
  @Property({ type: 'boolean', default: false })
  identityVerified: boolean = false;

  @Property({ type: 'boolean' })
  active: boolean = true;

  /**
   * Carried in every token the account is issued; bumped when the account is disabled or its
   * roles, designations or password change, so older tokens are refused at the next request.
   */
  @Property({ type: 'integer', default: 1 })
  tokenVersion: number = 1;

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

  @OneToMany(() => AccountDesignation, (d) => d.account, { orphanRemoval: true })
  designations = new Collection<AccountDesignation>(this);
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

/**
 * A designation a module declares beyond an officer role (the head of an inspectorate, who reads
 * denouncers' identities), held in one agency. Granted explicitly, by whom the grant rules allow.
 */
@Entity({ tableName: 'account_designation' })
@Unique({ properties: ['account', 'key', 'agency'] })
export class AccountDesignation {
  [OptionalProps]?: 'id' | 'grantedAt' | 'grantedBy';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  @Index()
  account!: Rel<Account>;

  /** The module's key, e.g. `inspectorate.head`. */
  @Property({ type: 'text' })
  key!: string;

  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  /** Account that granted it; null for the demo seed. */
  @Property({ type: 'uuid', nullable: true })
  grantedBy?: string | null;

  @Property({ type: 'timestamptz' })
  grantedAt: Date = new Date();
}

/** What an entry of {@link AccountGrantLog} records. */
export enum AccountChange {
  CREATED = 'CREATED',
  ROLE_GRANTED = 'ROLE_GRANTED',
  ROLE_REVOKED = 'ROLE_REVOKED',
  DESIGNATION_GRANTED = 'DESIGNATION_GRANTED',
  DESIGNATION_REVOKED = 'DESIGNATION_REVOKED',
  DISABLED = 'DISABLED',
  ENABLED = 'ENABLED',
}

/**
 * Every change of who may do what (who, to whom, what, when), written in the transaction of the
 * change; append-only (a trigger refuses updates and deletes).
 */
@Entity({ tableName: 'account_grant_log' })
@Index({ name: 'account_grant_log_account_idx', properties: ['account', 'at'] })
export class AccountGrantLog {
  [OptionalProps]?: 'id' | 'at' | 'actor' | 'role' | 'designation' | 'agency';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'timestamptz' })
  at: Date = new Date();

  /** The account that made the change (null: the seed). */
  @Property({ type: 'uuid', nullable: true })
  actor?: string | null;

  /** The account changed. */
  @Property({ type: 'uuid', fieldName: 'account_id' })
  account!: string;

  @Enum({ items: () => AccountChange, nativeEnumName: 'account_change' })
  change!: AccountChange;

  @Property({ type: 'text', nullable: true })
  role?: string | null;

  @Property({ type: 'text', nullable: true })
  designation?: string | null;

  @Property({ type: 'uuid', nullable: true, fieldName: 'agency_id' })
  agency?: string | null;
}
