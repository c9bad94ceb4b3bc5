import { GraphQLError } from 'graphql';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Arg, createUnionType, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { AgencyNotFound, AlreadyExists, NotAuthorized, ValidationFailed } from '../graphql/errors';
import { citizenIdProblem, emailProblem, Issues, phoneProblem } from '../graphql/validation';
import { AgencyType } from '../org/org.output';
import { Agency } from '../org/agency.entity';
import { GraphQLContext } from '../server/context';
import { Account, RoleAssignment } from './account.entity';
import { hashPassword } from './password';
import { Principal } from './principal';
import { AGENCY_BOUND_ROLES, Role } from './roles';

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

  @Field(() => String, { nullable: true, description: 'CCCD, for citizen accounts.' })
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
}

@ObjectType()
export class AccountPayload {
  @Field(() => AccountType)
  account!: AccountType;
}

export const AccountResult = createUnionType({
  name: 'AccountResult',
  types: () => [AccountPayload, ValidationFailed, NotAuthorized, AlreadyExists, AgencyNotFound] as const,
});

/** System admins grant any role; an agency admin grants officer roles of their own agency only. */
function mayGrant(ctx: GraphQLContext, p: Principal, role: Role, agencyId: string | undefined): boolean {
  const perms = ctx.services.modules.permissionSet;
  if (p.roles.some((g) => g.role === Role.SYSTEM_ADMIN)) return true;
  return AGENCY_BOUND_ROLES.has(role) && role !== Role.AGENCY_ADMIN && !!agencyId && perms.can(p, 'account', 'manage', agencyId);
}

/** Accounts with their roles in two statements (agencies come from the request's loader). */
async function loadAccounts(ctx: GraphQLContext, em: EntityManager, ids: string[]): Promise<AccountType[]> {
  const accounts = await em.find(Account, { id: { $in: ids } }, { populate: ['roles'], orderBy: { username: 'asc' } });
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
    if (!input.roles.length) issues.add('roles', 'Cần ít nhất một vai trò / At least one role');
    const agencies = new Map<string, Agency>();
    for (const [i, g] of input.roles.entries()) {
      const bound = AGENCY_BOUND_ROLES.has(g.role);
      if (bound && !g.agencyCode) issues.add(`roles[${i}].agencyCode`, 'Vai trò cán bộ phải gắn với cơ quan / Officer roles need an agency');
      if (!bound && g.agencyCode) issues.add(`roles[${i}].agencyCode`, 'Vai trò này không gắn với cơ quan / This role is not bound to an agency');
      if (g.agencyCode && !agencies.has(g.agencyCode)) {
        const agency = await ctx.em.findOne(Agency, { code: g.agencyCode, validTo: null });
        if (!agency) return AgencyNotFound.of(g.agencyCode);
        agencies.set(g.agencyCode, agency);
      }
    }
    if (!issues.ok) return ValidationFailed.of(issues.list);
    for (const g of input.roles) {
      if (!mayGrant(ctx, p, g.role, g.agencyCode ? agencies.get(g.agencyCode)!.id : undefined)) {
        return NotAuthorized.of(`granting ${g.role}${g.agencyCode ? ` in ${g.agencyCode}` : ''}`);
      }
    }
    const passwordHash = await hashPassword(input.password);
    try {
      const id = await ctx.em.transactional(async (tx) => {
        const account = tx.create(Account, { username, fullName: fullName!, passwordHash, email, phone, identityNumber });
        for (const g of input.roles) tx.create(RoleAssignment, { account, role: g.role, agency: g.agencyCode ? agencies.get(g.agencyCode)! : null });
        await tx.flush();
        return account.id;
      });
      return Object.assign(new AccountPayload(), { account: (await loadAccounts(ctx, ctx.em.fork(), [id]))[0] });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        const [existing] = await query<{ id: string }>(ctx.em, 'select id from account where username = $1 or identity_number = $2', [username, identityNumber]);
        return AlreadyExists.of(`account ${username}`, existing?.id ?? '');
      }
      throw e;
    }
  }

  @Query(() => [AccountType], { description: 'Accounts of an agency (its admins and leaders), or all staff (system admins).' })
  async accounts(@Ctx() ctx: GraphQLContext, @Arg('agencyCode', () => String, { nullable: true }) agencyCode?: string): Promise<AccountType[]> {
    const p = requirePrincipal(ctx.principal);
    const agency = agencyCode ? await ctx.em.findOne(Agency, { code: agencyCode }) : null;
    if (agencyCode && !agency) return [];
    const isSystemAdmin = p.roles.some((g) => g.role === Role.SYSTEM_ADMIN);
    if (!isSystemAdmin && !(agency && ctx.services.modules.permissionSet.can(p, 'account', 'read', agency.id))) {
      throw new GraphQLError('Not allowed to list these accounts', { extensions: { code: 'FORBIDDEN' } });
    }
    const ids = await query<{ id: string }>(ctx.em, agency
      ? 'select distinct a.id, a.username from account a join role_assignment r on r.account_id = a.id where r.agency_id = $1 order by a.username'
      : `select distinct a.id, a.username from account a join role_assignment r on r.account_id = a.id where r.role <> 'CITIZEN' order by a.username`, agency ? [agency.id] : []);
    return loadAccounts(ctx, ctx.em.fork(), ids.map((r) => r.id));
  }
}
