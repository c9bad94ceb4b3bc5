import { EntityManager } from '@mikro-orm/postgresql';
import { Arg, createUnionType, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { InvalidCredentials } from '../graphql/errors';
import { RateLimited } from '../graphql/rate-limited';
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
class LoginSuccess {
  @Field({ description: 'Send as `Authorization: Bearer <token>` (and in connection_init for subscriptions).' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => PrincipalType)
  principal!: PrincipalType;
}

const LoginResult = createUnionType({ name: 'LoginResult', types: () => [LoginSuccess, InvalidCredentials] as const });

/**
 * What a password check costs, measured on real checks (an exponential moving average), so that
 * an unknown username can answer after the same time without spending the CPU: 100 guessed
 * usernames used to cost 35 s of scrypt; now they cost timers.
 */
class CheckDuration {
  private averageMs?: number;
  private calibration?: Promise<unknown>;

  /** The average, measured once on a dummy hash before any real check (one at a time, however many wait). */
  async calibrate(): Promise<number> {
    if (this.averageMs === undefined) await (this.calibration ??= this.measure(() => verifyPassword('calibration', DUMMY_HASH)));
    return this.averageMs!;
  }

  async measure<T>(check: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await check();
    const ms = performance.now() - started;
    this.averageMs = this.averageMs === undefined ? ms : this.averageMs * 0.8 + ms * 0.2;
    return result;
  }

  /** Waits about as long as a check takes (±10 %, as real checks vary), using no CPU. */
  async imitate(): Promise<void> {
    const ms = (await this.calibrate()) * (0.9 + Math.random() * 0.2);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

const checkDuration = new CheckDuration();

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
  @Mutation(() => LoginResult, { description: 'Signs a local account in and returns a signed JWT. Limited per client address and per username (`RATE_LIMITED`).' })
  @RateLimited('login')
  async login(@Ctx() ctx: GraphQLContext, @Arg('username') username: string, @Arg('password') password: string) {
    const name = username.trim().toLowerCase();
    // Charged before the account is even looked up, and keyed by the name typed: a refusal
    // costs nothing and reads the same whether the account exists or not.
    const attempt = await ctx.services.rateLimits.login.begin(name, ctx.clientIp);
    const account = name.length <= 100 ? await ctx.em.findOne(Account, { username: name, active: true }, { populate: ['passwordHash'] }) : null;
    // An unknown user waits as long as a check takes instead of hashing, so timing reveals nothing.
    const ok = account?.passwordHash ? await checkDuration.measure(() => verifyPassword(password, account.passwordHash!)) : (await checkDuration.imitate(), false);
    if (!ok || !account) return InvalidCredentials.of(); // the reservation taken by begin() counted it
    await attempt.succeeded();
    const principal = await principalOfAccount(ctx.em, account);
    const { token, expiresAt } = await ctx.services.tokens.sign(principal);
    return Object.assign(new LoginSuccess(), { token, expiresAt, principal: await toPrincipalType(ctx, principal) });
  }

  @Query(() => PrincipalType, { nullable: true, description: 'The caller, or null when not signed in.' })
  async me(@Ctx() ctx: GraphQLContext): Promise<PrincipalType | null> {
    return ctx.principal ? toPrincipalType(ctx, ctx.principal) : null;
  }
}
