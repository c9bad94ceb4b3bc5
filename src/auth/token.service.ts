import { isDatabaseUnavailable } from '../db/pool-guard';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, JWTPayload, SignJWT } from 'jose';
import { Config } from '../config';
import { Principal, RoleGrant } from './principal';
import { Role } from './roles';

export class AuthenticationError extends Error {}

/** Looks up the local account of an externally authenticated citizen (by identity number). */
export type ExternalAccountResolver = (identityNumber: string, subject: string) => Promise<Principal | undefined>;

/**
 * Whether a local token is still good: its account is active and the token carries the
 * account's current version (see `Account.tokenVersion`). One indexed lookup per request.
 */
export type SessionCheck = (accountId: string, tokenVersion: number) => Promise<boolean>;

/**
 * Signs our own tokens (HS256) and verifies both ours and those of a configured external
 * identity provider (JWKS), so the national identity system can sign citizens in.
 */
export class TokenService {
  private readonly key: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly cfg: Config['auth'],
    private readonly resolveExternal?: ExternalAccountResolver,
    private readonly sessionIsCurrent?: SessionCheck,
  ) {
    this.key = new TextEncoder().encode(cfg.jwtSecret);
    if (cfg.externalJwksUrl) this.jwks = createRemoteJWKSet(new URL(cfg.externalJwksUrl), { cooldownDuration: 30_000 });
  }

  async sign(p: Principal): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.cfg.tokenTtlSeconds * 1000);
    const token = await new SignJWT({
      name: p.fullName,
      idn: p.identityNumber,
      roles: p.roles.map((g) => (g.agencyId ? { r: g.role, a: g.agencyId, c: g.agencyCode } : { r: g.role })),
      ...(p.designations?.length ? { dsg: p.designations.map((d) => ({ k: d.key, a: d.agencyId })) } : {}),
      ver: p.tokenVersion ?? 0,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(p.accountId ?? p.subject)
      .setIssuer(this.cfg.issuer)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /**
   * Whether a principal verified earlier (a WebSocket connection's) still stands: for a local
   * token, its account is active and its version current. External principals are resolved
   * afresh at each connection, and closed by the account event like local ones.
   */
  async stillCurrent(p: Principal | undefined): Promise<boolean> {
    if (!p || p.issuer !== 'local' || !p.accountId || !this.sessionIsCurrent) return true;
    return this.sessionIsCurrent(p.accountId, p.tokenVersion ?? 0);
  }

  /** The principal of an `Authorization` header value; undefined when there is none. */
  async fromAuthorization(header: unknown): Promise<Principal | undefined> {
    if (typeof header !== 'string' || !header) return undefined;
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new AuthenticationError('Authorization must be "Bearer <token>"');
    return this.verify(m[1]);
  }

  /** Verifies a bearer token; throws {@link AuthenticationError} with a reason the client can act on. */
  async verify(token: string): Promise<Principal> {
    let issuer: string | undefined;
    try {
      const [, body] = token.split('.');
      issuer = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')).iss;
    } catch {
      throw new AuthenticationError('Malformed token');
    }
    try {
      if (issuer === this.cfg.issuer) {
        const { payload } = await jwtVerify(token, this.key, { issuer: this.cfg.issuer, algorithms: ['HS256'] });
        const p = this.localPrincipal(payload);
        // A disabled account, or one whose roles changed since, is refused at its next request.
        // A database that cannot answer is not a bad token: that error goes on (a 503, not a 401).
        let current: boolean;
        try {
          current = !this.sessionIsCurrent || (await this.sessionIsCurrent(p.accountId!, p.tokenVersion!));
        } catch (e) {
          throw new SessionCheckFailed(e);
        }
        if (!current) throw new AuthenticationError('Session ended: sign in again');
        return withExpiry(p, payload);
      }
      if (this.jwks && issuer === this.cfg.externalIssuer) {
        const { payload } = await jwtVerify(token, this.jwks, {
          issuer: this.cfg.externalIssuer,
          audience: this.cfg.externalAudience,
          algorithms: ['RS256', 'ES256', 'EdDSA', 'PS256'],
        });
        return withExpiry(await this.externalPrincipal(payload), payload);
      }
    } catch (e) {
      if (e instanceof AuthenticationError) throw e;
      if (e instanceof SessionCheckFailed) throw e.cause;
      // The account lookup of an external token could not be served: the database's load, not a bad token.
      if (isDatabaseUnavailable(e)) throw e;
      if (e instanceof joseErrors.JWTExpired) throw new AuthenticationError('Token expired');
      throw new AuthenticationError('Invalid token');
    }
    throw new AuthenticationError('Token issuer is not trusted');
  }

  private localPrincipal(payload: JWTPayload): Principal {
    const roles = (payload.roles as { r: Role; a?: string; c?: string }[] | undefined) ?? [];
    return {
      accountId: payload.sub,
      subject: payload.sub!,
      fullName: String(payload.name ?? ''),
      identityNumber: (payload.idn as string | undefined) ?? undefined,
      roles: roles.map((g): RoleGrant => ({ role: g.r, agencyId: g.a, agencyCode: g.c })),
      designations: ((payload.dsg as { k: string; a: string }[] | undefined) ?? []).map((d) => ({ key: d.k, agencyId: d.a })),
      // Tokens issued before versions existed carry none: 0 never matches an account's version.
      tokenVersion: typeof payload.ver === 'number' ? payload.ver : 0,
      issuer: 'local',
    };
  }

  private async externalPrincipal(payload: JWTPayload): Promise<Principal> {
    const identityNumber = String(payload.identity_number ?? payload.cccd ?? '');
    if (!/^\d{12}$/.test(identityNumber)) throw new AuthenticationError('External token carries no valid identity number');
    const known = await this.resolveExternal?.(identityNumber, `${payload.iss}|${payload.sub}`);
    if (known) return { ...known, issuer: payload.iss! };
    // A citizen without a local account: a citizen by identity number only.
    return {
      subject: `${payload.iss}|${payload.sub}`,
      fullName: String(payload.name ?? ''),
      identityNumber,
      roles: [{ role: Role.CITIZEN }],
      issuer: payload.iss!,
    };
  }
}

/** Long-lived connections (WebSocket) must stop serving a principal whose token has expired. */
function withExpiry(p: Principal, payload: JWTPayload): Principal {
  return payload.exp ? { ...p, expiresAt: new Date(payload.exp * 1000) } : p;
}

/** The session lookup itself failed (the database, not the token): its cause is rethrown as is. */
class SessionCheckFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('session check failed');
  }
}
