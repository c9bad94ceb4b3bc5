import { EntityManager } from '@mikro-orm/postgresql';
import { Arg, createUnionType, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { InvalidCredentials } from '../graphql/errors';
import { AgencyType } from '../org/org.output';
import { GraphQLContext } from '../server/context';
import { Account } from './account.entity';
import { DUMMY_HASH, verifyPassword } from './password';
import { accountPrincipal } from './account-principal';
import { Principal } from './principal';
import { Role } from './roles';

@ObjectType('RoleGrant')
export class RoleGrantType {
  @Field(() => Role)
  role!: Role;

  @Field(() => AgencyType, { nullable: true, description: 'The agency an officer role is bound to.' })
  agency?: unknown;
}

@ObjectType('Principal', { description: 'Who the caller is.' })
export class PrincipalType {
  @Field(() => String, { nullable: true })
  accountId!: string | null;

  @Field()
  fullName!: string;

  @Field(() => String, { nullable: true })
  identityNumber!: string | null;

  @Field(() => [RoleGrantType])
  roles!: RoleGrantType[];

  @Field({ description: '`local`, or the external identity provider that signed the caller in.' })
  issuer!: string;
}

@ObjectType()
export class LoginSuccess {
  @Field({ description: 'Send as `Authorization: Bearer <token>` (and in connection_init for subscriptions).' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => PrincipalType)
  principal!: PrincipalType;
}

export const LoginResult = createUnionType({ name: 'LoginResult', types: () => [LoginSuccess, InvalidCredentials] as const });

/** After this many failures in a row, sign-in is refused for {@link LOCK_MINUTES}. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** Counts failures atomically in the database, so every server instance sees the same count. */
async function recordAttempt(em: EntityManager, accountId: string, ok: boolean, now: Date): Promise<void> {
  if (ok) {
    await em.getConnection().execute(`update account set failed_logins = 0, locked_until = null where id = ?`, [accountId]);
    return;
  }
  await em.getConnection().execute(
    `update account set failed_logins = case when failed_logins + 1 >= ? then 0 else failed_logins + 1 end,
       locked_until = case when failed_logins + 1 >= ? then ?::timestamptz else locked_until end
     where id = ?`,
    [MAX_FAILED_LOGINS, MAX_FAILED_LOGINS, new Date(now.getTime() + LOCK_MINUTES * 60_000), accountId],
  );
}

/** Builds the principal of a local account from its role assignments. */
export async function principalOfAccount(em: EntityManager, account: Account): Promise<Principal> {
  await em.populate(account, ['roles', 'roles.agency', 'designations']);
  return accountPrincipal(account);
}

async function toPrincipalType(ctx: GraphQLContext, p: Principal): Promise<PrincipalType> {
  const roles = await Promise.all(
    p.roles.map(async (g) => ({ role: g.role, agency: g.agencyId ? ctx.services.reference.agency(g.agencyId) : null })),
  );
  return { accountId: p.accountId ?? null, fullName: p.fullName, identityNumber: p.identityNumber ?? null, roles, issuer: p.issuer };
}

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult, { description: 'Signs a local account in and returns a signed JWT.' })
  async login(@Ctx() ctx: GraphQLContext, @Arg('username') username: string, @Arg('password') password: string) {
    const account = username.length <= 100 ? await ctx.em.findOne(Account, { username: username.trim().toLowerCase(), active: true }, { populate: ['passwordHash'] }) : null;
    const now = ctx.services.clock.now();
    const locked = !!account?.lockedUntil && account.lockedUntil > now;
    // Verify against a dummy hash for unknown and locked users too, so timing reveals nothing.
    const ok = (await verifyPassword(password, locked ? DUMMY_HASH : account?.passwordHash ?? DUMMY_HASH)) && !!account?.passwordHash && !locked;
    if (account && !locked) await recordAttempt(ctx.em, account.id, ok, now);
    if (!ok || !account) return InvalidCredentials.of();
    const principal = await principalOfAccount(ctx.em, account);
    const { token, expiresAt } = await ctx.services.tokens.sign(principal);
    return Object.assign(new LoginSuccess(), { token, expiresAt, principal: await toPrincipalType(ctx, principal) });
  }

  @Query(() => PrincipalType, { nullable: true, description: 'The caller, or null when not signed in.' })
  async me(@Ctx() ctx: GraphQLContext): Promise<PrincipalType | null> {
    return ctx.principal ? toPrincipalType(ctx, ctx.principal) : null;
  }
}
