// Our own access tokens: EdDSA JWTs, typ `at+jwt`, 15 minutes, claims iss, aud, sub, exp, iat,
// jti, scope (space-separated) and roles (array).
import { VerifiedTokenCache } from '@rampart/guard';
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, type CryptoKey } from 'jose';
import type { Principal } from '@rampart/guard';
import type { UserRole } from '../../db/schema/identity.js';
import { ALL_SCOPES, scopesForRole } from '../roles.js';
import { SIGNING_ALGORITHM, type SigningKeys } from '../keys/signing-keys.js';
import { verifyJwt, type JwtProfile } from './jwt-verify.js';
import { TokenRejectedError } from './token-errors.js';

export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  readonly clockToleranceSeconds: number;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresIn: number;
  readonly jti: string;
}

/** Keys re-read at most this often when a token names an unknown kid (after a rotation
 * elsewhere), so that forged kids cannot make us hit the disk on every request. */
const RELOAD_INTERVAL_MS = 10_000;

export class AccessTokens {
  readonly profile: JwtProfile;
  #lastReload = 0;
  readonly #verified = new VerifiedTokenCache();

  constructor(
    private readonly keys: SigningKeys,
    readonly settings: AccessTokenSettings,
    private readonly now: () => number,
  ) {
    this.profile = Object.freeze({
      algorithms: [SIGNING_ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      types: [ACCESS_TOKEN_TYPE],
      requiredClaims: ['iss', 'aud', 'sub', 'exp', 'iat', 'jti', 'scope', 'roles'],
      maxTokenAgeSeconds: settings.ttlSeconds,
      clockToleranceSeconds: settings.clockToleranceSeconds,
    });
  }

  /**
   * Signs a token for `subject`. `notBeforeSeconds` is the user's revocation mark: the token's
   * `iat` is never earlier than it, so a token issued in the very second of a revocation still
   * passes the not-before check (at most one second ahead, well inside the clock tolerance).
   */
  async issue(subject: string, role: UserRole, notBeforeSeconds = 0, sessionId?: string): Promise<IssuedAccessToken> {
    const key = this.keys.current();
    const issuedAt = Math.max(Math.floor(this.now() / 1000), notBeforeSeconds);
    const jti = randomUUID();
    // `sid` names the refresh family (session), so that logout also ends this token.
    const claims = { scope: scopesForRole(role).join(' '), roles: [role], ...(sessionId ? { sid: sessionId } : {}) };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: key.kid })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.settings.ttlSeconds)
      .setJti(jti)
      .sign(key.privateKey);
    return { token, expiresIn: this.settings.ttlSeconds, jti };
  }

  /** Verifies one of our tokens and returns who it speaks for (revocation is checked by the
   * caller, see bearer-verifier.ts). Throws TokenRejectedError. */
  async verify(token: string): Promise<Principal> {
    const now = this.now();
    // Before the cache: a token verified before its key was retired is refused from then on.
    if (this.#signedWithRetiredKey(token)) throw new TokenRejectedError('unknown_key');
    const cached = this.#verified.get(token, now);
    if (cached !== undefined) return cached;
    const { payload } = await verifyJwt(token, (kid) => this.#resolveKey(kid), this.profile, now);
    const scope = payload.scope;
    const roles = payload.roles;
    if (
      typeof scope !== 'string' ||
      !Array.isArray(roles) ||
      !roles.every((r) => typeof r === 'string') ||
      (payload.sid !== undefined && typeof payload.sid !== 'string')
    ) {
      throw new TokenRejectedError('claims');
    }
    const known = new Set<string>(ALL_SCOPES);
    const principal: Principal = Object.freeze({
      subject: payload.sub as string,
      scopes: new Set(scope.split(' ').filter((s) => known.has(s))),
      roles: new Set(roles as string[]),
      tokenId: payload.jti as string,
      issuer: this.settings.issuer,
      claims: Object.freeze({ ...payload }),
    });
    // exp and iat are required claims, checked by verifyJwt.
    const validUntil = Math.min((payload.exp as number) * 1000, ((payload.iat as number) + this.profile.maxTokenAgeSeconds) * 1000);
    this.#verified.set(token, principal, validUntil, now);
    return principal;
  }

  #signedWithRetiredKey(token: string): boolean {
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return false; // malformed: verifyJwt refuses it with its own reason
    }
    return typeof kid === 'string' && this.keys.isRetired(kid);
  }

  async #resolveKey(kid: string | undefined): Promise<CryptoKey | undefined> {
    if (kid === undefined) return undefined;
    const key = this.keys.verificationKey(kid);
    if (key) return key;
    const now = this.now();
    if (now - this.#lastReload < RELOAD_INTERVAL_MS) return undefined;
    this.#lastReload = now;
    await this.keys.reload();
    return this.keys.verificationKey(kid);
  }
}
