import { ACCOUNT_SESSIONS_ENDED } from './session.service';
import { GraphQLError } from 'graphql';
import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Arg, createUnionType, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { AgencyNotFound, AlreadyExists, NotAuthorized, ValidationFailed } from '../graphql/errors';
import { citizenIdProblem, emailProblem, Issues, phoneProblem } from '../graphql/validation';
import { AgencyType } from '../org/org.output';
import { Agency } from '../org/agency.entity';
import { GraphQLContext } from '../server/context';
import { recordOutboxEvent } from '../outbox/outbox-event.entity';
import { Account, AccountChange, AccountDesignation, AccountGrantLog, RoleAssignment } from './account.entity';
import { hashPassword } from './password';
import { hasRole, Principal } from './principal';
import { kernelPermissions } from './permissions';
import { mayGrantDesignation, mayGrantRole } from './role-grants';
import { AGENCY_BOUND_ROLES, Role } from './roles';

registerEnumType(AccountChange, { name: 'AccountChange', description: 'What an entry of the account grant log records.' });


@InputType()
export class RoleGrantInput {
  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Required for officer roles.' })
  agencyCode?: string | null;
}

@InputType()
export class CreateAccountInput {
  @Field({ description: 'Lower-case letters, digits, dots, dashes; 3–50 characters.' })
  username!: string;

  @Field()
  fullName!: string;

  @Field({ description: 'At least 12 characters.' })
  password!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'CCCD, for citizen accounts only (refused on a staff account). Recorded unverified: it gives no citizen-side rights until verified.',
  })
  identityNumber?: string | null;

  @Field(() => [RoleGrantInput])
  roles!: RoleGrantInput[];
}

@ObjectType('AccountRole')
export class AccountRoleType {
  @Field(() => Role)
  role!: Role;

  @Field(() => AgencyType, { nullable: true })
  agency!: unknown;
}

@InputType()
export class SetAccountRolesInput {
  @Field(() => ID)
  accountId!: string;

  @Field(() => [RoleGrantInput], { description: 'The roles the account holds from now on (replaces them).' })
  roles!: RoleGrantInput[];
}

@InputType()
export class AccountDesignationInput {
  @Field(() => ID)
  accountId!: string;

  @Field({ description: 'A designation a module declares, e.g. `inspectorate.head`.' })
  key!: string;

  @Field()
  agencyCode!: string;
}

@ObjectType('AccountDesignation', { description: 'A designation beyond an officer role (e.g. head of the inspectorate), held in one agency.' })
export class AccountDesignationType {
  @Field()
  key!: string;

  @Field()
  label!: string;

  @Field(() => AgencyType)
  agency!: unknown;
}

@ObjectType('AccountGrantLogEntry', { description: 'One change of who may do what: who made it, to whom, what, when.' })
export class AccountGrantLogEntry {
  @Field(() => Date)
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'The account that made the change (null: the seed).' })
  actorId!: string | null;

  @Field(() => ID)
  accountId!: string;

  @Field(() => AccountChange)
  change!: AccountChange;

  @Field(() => Role, { nullable: true })
  role!: Role | null;

  @Field(() => String, { nullable: true })
  designation!: string | null;

  @Field(() => AgencyType, { nullable: true })
  agency!: unknown;
}

@ObjectType('Account')
export class AccountType {
  @Field(() => ID)
  id!: string;

  @Field()
  username!: string;

  @Field()
  fullName!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field()
  active!: boolean;

  @Field(() => [AccountRoleType])
  roles!: AccountRoleType[];

  @Field(() => [AccountDesignationType])
  designations!: AccountDesignationType[];
}

@ObjectType()
class AccountPayload {
  @Field(() => AccountType)
  account!: AccountType;
}

const AccountResult = createUnionType({
  name: 'AccountResult',
  types: () => [AccountPayload, ValidationFailed, NotAuthorized, AlreadyExists, AgencyNotFound] as const,
});

/**
 * Whether `p` may change account `a` at all: only if it could have granted every role and
 * designation the account holds now. An agency admin so manages the officers of their own
 * agency, never an admin, a head or a citizen; nobody changes their own account.
 */
function mayManage(ctx: GraphQLContext, p: Principal, a: Account): boolean {
  if (a.id === p.accountId) return false;
  if (!a.roles.length) return hasRole(p, Role.SYSTEM_ADMIN);
  const declared = ctx.services.modules.designations;
  return (
    a.roles.getItems().every((r) => mayGrantRole(p, r.role, r.agency?.id)) &&
    a.designations.getItems().every((d) => {
      const decl = declared.get(d.key);
      return decl ? mayGrantDesignation(p, decl, d.agency.id) : hasRole(p, Role.SYSTEM_ADMIN);
    })
  );
}

/** Checks role inputs and finds their agencies; adds field issues, or answers AgencyNotFound. */
async function roleAgencies(ctx: GraphQLContext, roles: RoleGrantInput[], issues: Issues): Promise<Map<string, Agency> | AgencyNotFound> {
  if (!roles.length) issues.add('roles', 'Cần ít nhất một vai trò / At least one role');
  const agencies = new Map<string, Agency>();
  for (const [i, g] of roles.entries()) {
    const bound = AGENCY_BOUND_ROLES.has(g.role);
    if (bound && !g.agencyCode) issues.add(`roles[${i}].agencyCode`, 'Vai trò cán bộ phải gắn với cơ quan / Officer roles need an agency');
    if (!bound && g.agencyCode) issues.add(`roles[${i}].agencyCode`, 'Vai trò này không gắn với cơ quan / This role is not bound to an agency');
    if (g.agencyCode && !agencies.has(g.agencyCode)) {
      const agency = await ctx.em.findOne(Agency, { code: g.agencyCode, validTo: null });
      if (!agency) return AgencyNotFound.of(g.agencyCode);
      agencies.set(g.agencyCode, agency);
    }
  }
  return agencies;
}

/** The first role of `roles` that `p` may not grant, as a refusal; null when all may be granted. */
function refusedGrant(p: Principal, roles: RoleGrantInput[], agencies: Map<string, Agency>): NotAuthorized | null {
  for (const g of roles) {
    if (!mayGrantRole(p, g.role, g.agencyCode ? agencies.get(g.agencyCode)!.id : undefined)) {
      return NotAuthorized.of(`granting ${g.role}${g.agencyCode ? ` in ${g.agencyCode}` : ''}`);
    }
  }
  return null;
}

/** Ends the account's sessions everywhere: older tokens are refused, open subscriptions closed. */
function endSessions(tx: EntityManager, account: Account): void {
  account.tokenVersion++;
  recordOutboxEvent(tx, { aggregateType: 'Account', aggregateId: account.id, type: ACCOUNT_SESSIONS_ENDED, payload: {} });
}

/** The refusal for an account the caller may not manage, or that does not exist (the same: it tells nothing). */
const NOT_YOURS = 'manage this account: an account whose every role and designation you could grant';

/** Accounts with their roles in two statements (agencies come from the request's loader). */
async function loadAccounts(ctx: GraphQLContext, em: EntityManager, ids: string[]): Promise<AccountType[]> {
  const accounts = await em.find(Account, { id: { $in: ids } }, { populate: ['roles', 'designations'], orderBy: { username: 'asc' } });
  return Promise.all(accounts.map((a) => toAccountType(ctx, a)));
}

async function toAccountType(ctx: GraphQLContext, a: Account): Promise<AccountType> {
  return {
    id: a.id,
    username: a.username,
    fullName: a.fullName,
    email: a.email ?? null,
    phone: a.phone ?? null,
    active: a.active,
    roles: await Promise.all(a.roles.getItems().map(async (r) => ({ role: r.role, agency: r.agency ? ctx.services.reference.agency(r.agency.id) : null }))),
    designations: a.designations.getItems().map((d) => ({
      key: d.key,
      label: ctx.services.modules.designations.get(d.key)?.label ?? d.key,
      agency: ctx.services.reference.agency(d.agency.id),
    })),
  };
}

/** Staff accounts: created by system admins, or by an agency admin for their own agency. */
@Resolver(() => AccountType)
export class AccountResolver {
  @Mutation(() => AccountResult)
  async createAccount(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateAccountInput) {
    const p = requirePrincipal(ctx.principal);
    const issues = new Issues();
    const username = input.username.trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9.-]{2,49}$/.test(username)) issues.add('username', 'Tên đăng nhập 3–50 ký tự a-z, 0-9, dấu chấm, gạch ngang / 3–50 of a-z, 0-9, dot, dash');
    const fullName = issues.text('fullName', input.fullName, 200);
    if (input.password.length < 12 || input.password.length > 200) issues.add('password', 'Mật khẩu 12–200 ký tự / Password of 12 to 200 characters');
    const email = issues.text('email', input.email, 254, false);
    if (email && emailProblem(email)) issues.add('email', emailProblem(email)!);
    const phone = issues.text('phone', input.phone, 20, false);
    if (phone && phoneProblem(phone)) issues.add('phone', phoneProblem(phone)!);
    const identityNumber = input.identityNumber?.trim() || null;
    if (identityNumber && citizenIdProblem(identityNumber)) issues.add('identityNumber', citizenIdProblem(identityNumber)!);
    // A staff account's number would be typed in by an admin: it must never stand for a citizen.
    if (identityNumber && input.roles.some((g) => g.role !== Role.CITIZEN)) {
      issues.add('identityNumber', 'Tài khoản cán bộ không mang số định danh công dân / A staff account carries no citizen identity number');
    }
    const agencies = await roleAgencies(ctx, input.roles, issues);
    if (agencies instanceof AgencyNotFound) return agencies;
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const refused = refusedGrant(p, input.roles, agencies);
    if (refused) return refused;
    const passwordHash = await hashPassword(input.password);
    try {
      const id = await ctx.em.transactional(async (tx) => {
        const account = tx.create(Account, { username, fullName: fullName!, passwordHash, email, phone, identityNumber, identityVerified: false });
        tx.create(AccountGrantLog, { actor: p.accountId ?? null, account: account.id, change: AccountChange.CREATED });
        for (const g of input.roles) {
          const agency = g.agencyCode ? agencies.get(g.agencyCode)! : null;
          tx.create(RoleAssignment, { account, role: g.role, agency });
          tx.create(AccountGrantLog, { actor: p.accountId ?? null, account: account.id, change: AccountChange.ROLE_GRANTED, role: g.role, agency: agency?.id ?? null });
        }
        await tx.flush();
        return account.id;
      });
      return Object.assign(new AccountPayload(), { account: (await loadAccounts(ctx, ctx.em.fork(), [id]))[0] });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        // Only a taken username names its account: a typed identity number that is already
        // registered says no more than that (whose account it is stays unread).
        const [existing] = await query<{ id: string }>(ctx.em, 'select id from account where username = $1', [username]);
        return existing ? AlreadyExists.of(`account ${username}`, existing.id) : AlreadyExists.of('identity number', '');
      }
      throw e;
    }
  }

  @Mutation(() => AccountResult, {
    description: 'Replaces the roles of an account (logged). Its sessions end: its next request must sign in again. Designations whose role is gone are revoked.',
  })
  async setAccountRoles(@Ctx() ctx: GraphQLContext, @Arg('input') input: SetAccountRolesInput) {
    const p = requirePrincipal(ctx.principal);
    const issues = new Issues();
    if (!issues.uuid('accountId', input.accountId)) return ValidationFailed.of(issues.list);
    const agencies = await roleAgencies(ctx, input.roles, issues);
    if (agencies instanceof AgencyNotFound) return agencies;
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const refused = refusedGrant(p, input.roles, agencies);
    if (refused) return refused;
    const result = await ctx.em.transactional(async (tx) => {
      const a = await tx.findOne(Account, input.accountId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!a) return NotAuthorized.of(NOT_YOURS);
      await tx.populate(a, ['roles', 'designations']);
      if (!mayManage(ctx, p, a)) return NotAuthorized.of(NOT_YOURS);
      const key = (role: Role, agencyId: string | null | undefined) => `${role}|${agencyId ?? ''}`;
      const wanted = new Map(input.roles.map((g) => {
        const agency = g.agencyCode ? agencies.get(g.agencyCode)! : null;
        return [key(g.role, agency?.id), { role: g.role, agency }] as const;
      }));
      const log = (change: AccountChange, extra: Partial<AccountGrantLog>) => tx.create(AccountGrantLog, { actor: p.accountId ?? null, account: a.id, change, ...extra });
      for (const r of a.roles.getItems()) {
        if (wanted.delete(key(r.role, r.agency?.id))) continue;
        a.roles.remove(r);
        log(AccountChange.ROLE_REVOKED, { role: r.role, agency: r.agency?.id ?? null });
      }
      for (const w of wanted.values()) {
        a.roles.add(tx.create(RoleAssignment, { account: a, role: w.role, agency: w.agency }));
        log(AccountChange.ROLE_GRANTED, { role: w.role, agency: w.agency?.id ?? null });
      }
      // A designation needs its role in its agency (a head is a LEADER there): it goes with the role.
      for (const d of a.designations.getItems()) {
        const needs = ctx.services.modules.designations.get(d.key)?.requiresRole;
        if (needs && a.roles.getItems().some((r) => r.role === needs && r.agency?.id === d.agency.id)) continue;
        a.designations.remove(d);
        log(AccountChange.DESIGNATION_REVOKED, { designation: d.key, agency: d.agency.id });
      }
      endSessions(tx, a);
      await tx.flush();
      return a.id;
    });
    if (typeof result !== 'string') return result;
    return Object.assign(new AccountPayload(), { account: (await loadAccounts(ctx, ctx.em.fork(), [result]))[0] });
  }

  @Mutation(() => AccountResult, { description: 'Disables (or enables again) an account (logged). A disabled account is refused at its next request and its subscriptions are closed.' })
  async setAccountActive(@Ctx() ctx: GraphQLContext, @Arg('accountId', () => ID) accountId: string, @Arg('active') active: boolean) {
    const p = requirePrincipal(ctx.principal);
    const issues = new Issues();
    if (!issues.uuid('accountId', accountId)) return ValidationFailed.of(issues.list);
    const result = await ctx.em.transactional(async (tx) => {
      const a = await tx.findOne(Account, accountId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!a) return NotAuthorized.of(NOT_YOURS);
      await tx.populate(a, ['roles', 'designations']);
      if (!mayManage(ctx, p, a)) return NotAuthorized.of(NOT_YOURS);
      if (a.active !== active) {
        a.active = active;
        tx.create(AccountGrantLog, { actor: p.accountId ?? null, account: a.id, change: active ? AccountChange.ENABLED : AccountChange.DISABLED });
        endSessions(tx, a);
        await tx.flush();
      }
      return a.id;
    });
    if (typeof result !== 'string') return result;
    return Object.assign(new AccountPayload(), { account: (await loadAccounts(ctx, ctx.em.fork(), [result]))[0] });
  }

  @Mutation(() => AccountResult, {
    description: 'Grants a designation a module declares (e.g. `inspectorate.head`, by a system admin only); the holder must have its role in the agency. Logged; the account signs in again.',
  })
  async grantDesignation(@Ctx() ctx: GraphQLContext, @Arg('input') input: AccountDesignationInput) {
    return this.changeDesignation(ctx, input, true);
  }

  @Mutation(() => AccountResult, { description: 'Revokes a designation (by whoever may grant it). Logged; the account signs in again.' })
  async revokeDesignation(@Ctx() ctx: GraphQLContext, @Arg('input') input: AccountDesignationInput) {
    return this.changeDesignation(ctx, input, false);
  }

  private async changeDesignation(ctx: GraphQLContext, input: AccountDesignationInput, grant: boolean) {
    const p = requirePrincipal(ctx.principal);
    const issues = new Issues();
    issues.uuid('accountId', input.accountId);
    const decl = ctx.services.modules.designations.get(input.key);
    if (!decl) issues.add('key', 'Không có chức danh này / No such designation');
    else if (!decl.agencyCodes.includes(input.agencyCode)) issues.add('agencyCode', 'Chức danh không thuộc cơ quan này / Not a designation of this agency');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const agency = await ctx.em.findOne(Agency, { code: input.agencyCode, validTo: null });
    if (!agency) return AgencyNotFound.of(input.agencyCode);
    if (!mayGrantDesignation(p, decl!, agency.id)) return NotAuthorized.of(`granting ${input.key} in ${input.agencyCode}`);
    const result = await ctx.em.transactional(async (tx) => {
      const a = await tx.findOne(Account, input.accountId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!a) return NotAuthorized.of(NOT_YOURS);
      await tx.populate(a, ['roles', 'designations']);
      if (a.id === p.accountId) return NotAuthorized.of(NOT_YOURS);
      const held = a.designations.getItems().find((d) => d.key === input.key && d.agency.id === agency.id);
      if (grant && !held) {
        if (!a.active || !a.roles.getItems().some((r) => r.role === decl!.requiresRole && r.agency?.id === agency.id)) {
          return ValidationFailed.of([{ field: 'accountId', message: `Tài khoản phải đang hoạt động với vai trò ${decl!.requiresRole} tại cơ quan này / The account must be active and hold ${decl!.requiresRole} in this agency` }]);
        }
        a.designations.add(tx.create(AccountDesignation, { account: a, key: input.key, agency, grantedBy: p.accountId ?? null }));
      } else if (!grant && held) {
        a.designations.remove(held);
      } else {
        return a.id; // nothing changes, nothing to log
      }
      tx.create(AccountGrantLog, {
        actor: p.accountId ?? null, account: a.id, change: grant ? AccountChange.DESIGNATION_GRANTED : AccountChange.DESIGNATION_REVOKED, designation: input.key, agency: agency.id,
      });
      endSessions(tx, a);
      await tx.flush();
      return a.id;
    });
    if (typeof result !== 'string') return result;
    return Object.assign(new AccountPayload(), { account: (await loadAccounts(ctx, ctx.em.fork(), [result]))[0] });
  }

  @Query(() => [AccountGrantLogEntry], { description: 'Changes of roles, designations and account status, newest first (system admins).' })
  async accountGrantLog(
    @Ctx() ctx: GraphQLContext,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
  ): Promise<AccountGrantLogEntry[]> {
    const p = requirePrincipal(ctx.principal);
    if (!hasRole(p, Role.SYSTEM_ADMIN)) throw new GraphQLError('Not allowed to read the grant log', { extensions: { code: 'FORBIDDEN' } });
    const max = ctx.services.config.limits.maxPageSize;
    if (!Number.isInteger(first) || first! < 1 || first! > max) throw new GraphQLError(`first must be 1 to ${max}`, { extensions: { code: 'BAD_USER_INPUT' } });
    const issues = new Issues();
    if (accountId != null && !issues.uuid('accountId', accountId)) throw new GraphQLError('accountId is not an id', { extensions: { code: 'BAD_USER_INPUT' } });
    const rows = await query<{ at: Date; actor: string | null; account_id: string; change: AccountChange; role: Role | null; designation: string | null; agency_id: string | null }>(
      ctx.em,
      `select at, actor, account_id, change, role, designation, agency_id from account_grant_log
        where ($1::uuid is null or account_id = $1::uuid) order by at desc, id desc limit $2`,
      [accountId ?? null, first],
    );
    return rows.map((r) => ({
      at: r.at, actorId: r.actor, accountId: r.account_id, change: r.change, role: r.role, designation: r.designation,
      agency: r.agency_id ? ctx.services.reference.agency(r.agency_id) : null,
    }));
  }

  @Query(() => [AccountType], { description: 'Accounts of an agency (its admins and leaders), or all staff (system admins).' })
  async accounts(@Ctx() ctx: GraphQLContext, @Arg('agencyCode', () => String, { nullable: true }) agencyCode?: string): Promise<AccountType[]> {
    const p = requirePrincipal(ctx.principal);
    const agency = agencyCode ? await ctx.em.findOne(Agency, { code: agencyCode }) : null;
    if (agencyCode && !agency) return [];
    const isSystemAdmin = p.roles.some((g) => g.role === Role.SYSTEM_ADMIN);
    if (!isSystemAdmin && !(agency && kernelPermissions.can(p, 'account', 'read', agency.id))) {
      throw new GraphQLError('Not allowed to list these accounts', { extensions: { code: 'FORBIDDEN' } });
    }
    const ids = await query<{ id: string }>(ctx.em, agency
      ? 'select distinct a.id, a.username from account a join role_assignment r on r.account_id = a.id where r.agency_id = $1 order by a.username'
      : `select distinct a.id, a.username from account a join role_assignment r on r.account_id = a.id where r.role <> 'CITIZEN' order by a.username`, agency ? [agency.id] : []);
    return loadAccounts(ctx, ctx.em.fork(), ids.map((r) => r.id));
  }
}
