// Access tokens from an external OpenID Connect provider (Keycloak), accepted only when it is
// configured (issuer + JWKS URL + audience). RS256, PS256 and ES256 are allowed for that issuer
// only. Keycloak's claim layout is mapped explicitly: roles from `realm_access.roles`, delegated
// scopes from `scope`; the effective scopes are those the roles grant AND the token carries.
import { externalSubject } from './external-subject.js';
import { createRemoteJWKSet, type CryptoKey, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { Principal } from '@rampart/guard';
import { isRole, scopesForRoles } from '../roles.js';
import { verifyJwt, type JwtProfile } from './jwt-verify.js';
import { TokenRejectedError } from './token-errors.js';

export interface ExternalIdpSettings {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;
  readonly algorithms: readonly ('RS256' | 'PS256' | 'ES256')[];
  readonly maxTokenAgeSeconds: number;
  readonly clockToleranceSeconds: number;
}

export const DEFAULT_EXTERNAL_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

export class ExternalIdpVerifier {
  readonly profile: JwtProfile;
  readonly #jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    readonly settings: ExternalIdpSettings,
    private readonly now: () => number,
  ) {
    this.#jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
      timeoutDuration: 3000,
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
    this.profile = Object.freeze({
      algorithms: [...settings.algorithms],
      issuer: settings.issuer,
      audience: settings.audience,
      // Keycloak access tokens carry header typ "JWT" (payload typ "Bearer", checked below);
      // RFC 9068 providers use "at+jwt".
      types: ['JWT', 'at+jwt'],
      requiredClaims: ['iss', 'aud', 'sub', 'exp', 'iat'],
      maxTokenAgeSeconds: settings.maxTokenAgeSeconds,
      clockToleranceSeconds: settings.clockToleranceSeconds,
    });
  }

  async verify(token: string): Promise<Principal> {
    const { payload } = await verifyJwt(token, (_kid, header) => this.#resolveKey(header), this.profile, this.now());
    // Keycloak marks ID and refresh tokens in the payload: only access ("Bearer") tokens pass.
    if (payload.typ !== undefined && payload.typ !== 'Bearer') throw new TokenRejectedError('type');
    const roles = realmRoles(payload);
    const granted = scopesForRoles(roles);
    const delegated = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    return Object.freeze({
      // Never the provider's raw `sub`: see external-subject.ts (the raw value stays in claims).
      subject: externalSubject(this.settings.issuer, payload.sub as string),
      scopes: new Set<string>(delegated.filter((s) => (granted as Set<string>).has(s))),
      roles: new Set(roles),
      ...(typeof payload.jti === 'string' ? { tokenId: payload.jti } : {}),
      issuer: this.settings.issuer,
      claims: Object.freeze({ ...payload }),
    });
  }

  async #resolveKey(header: ProtectedHeaderParameters): Promise<CryptoKey | undefined> {
    try {
      return await this.#jwks(header);
    } catch (cause) {
      throw new TokenRejectedError('unknown_key', { cause });
    }
  }
}

/** Known platform roles named in `realm_access.roles`; anything else is ignored. */
function realmRoles(payload: JWTPayload): string[] {
  const realmAccess = payload.realm_access;
  if (typeof realmAccess !== 'object' || realmAccess === null) return [];
  const roles = (realmAccess as { roles?: unknown }).roles;
  return Array.isArray(roles) ? roles.filter(isRole) : [];
}
