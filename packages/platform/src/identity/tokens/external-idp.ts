// Access tokens from an external OpenID Connect provider (Keycloak), accepted only when it is
// configured (issuer + audience, and the JWKS URL or discovery). The verification itself is
// guard's oidcVerifier (RS256, PS256 and ES256 for that issuer only, typ JWT or at+jwt, iat
// required and bounded by the max token age); this adds the platform's mapping on top: only
// access ("Bearer") tokens, known platform roles from `realm_access.roles`, effective scopes
// = those the roles grant AND the token carries, and a subject scoped by issuer.
import { isGuardError, keycloakClaims, oidcRejectionReason, oidcVerifier, type OidcVerifier, type Principal } from '@rampart/guard';
import { isRole, scopesForRoles } from '../roles.js';
import { externalSubject } from './external-subject.js';
import { TokenRejectedError } from './token-errors.js';
import { IdentityError } from '../../errors/index.js';

export interface ExternalIdpSettings {
  readonly issuer: string;
  /** The provider's JWKS URL; undefined: discovered from `<issuer>/.well-known/openid-configuration`. */
  readonly jwksUrl: string | undefined;
  readonly audience: string;
  readonly algorithms: readonly ('RS256' | 'PS256' | 'ES256')[];
  readonly maxTokenAgeSeconds: number;
  readonly clockToleranceSeconds: number;
}

export const DEFAULT_EXTERNAL_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

export class ExternalIdpVerifier {
  readonly #oidc: OidcVerifier;

  constructor(readonly settings: ExternalIdpSettings) {
    this.#oidc = oidcVerifier({
      issuer: settings.issuer,
      audience: settings.audience,
      ...(settings.jwksUrl === undefined ? {} : { jwksUri: settings.jwksUrl }),
      algorithms: settings.algorithms,
      // Keycloak access tokens carry header typ "JWT" (payload typ "Bearer", checked below);
      // RFC 9068 providers use "at+jwt".
      typ: ['JWT', 'at+jwt'],
      maxTokenAgeSeconds: settings.maxTokenAgeSeconds,
      clockToleranceSeconds: settings.clockToleranceSeconds,
      claims: keycloakClaims(),
      timeoutMs: 3000,
    });
  }

  /** Closes the pooled connections to the provider. */
  close(): Promise<void> {
    return this.#oidc.close();
  }

  /** Rejects with TokenRejectedError (the reason oidcVerifier found) for a bad token; a 5xx
   * provider that cannot be reached is IdentityError ERR_IDENTITY_PROVIDER_UNAVAILABLE (the token
   * could not be checked, which is not a bad token). */
  async verify(token: string): Promise<Principal> {
    let verified: Principal;
    try {
      verified = await this.#oidc.verify(token);
    } catch (error) {
      if (isGuardError(error) && error.code === 'RAMPART_ERR_AUTH_PROVIDER_UNAVAILABLE') {
        throw new IdentityError('ERR_IDENTITY_PROVIDER_UNAVAILABLE', { cause: error, ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }) });
      }
      throw new TokenRejectedError(oidcRejectionReason(error) ?? 'malformed', { cause: error });
    }
    const { claims } = verified;
    // Keycloak marks ID and refresh tokens in the payload: only access ("Bearer") tokens pass.
    if (claims.typ !== undefined && claims.typ !== 'Bearer') throw new TokenRejectedError('type');
    // Known platform roles only; anything else in realm_access.roles is ignored.
    const roles = [...verified.roles].filter(isRole);
    const granted: ReadonlySet<string> = scopesForRoles(roles);
    return Object.freeze({
      ...verified,
      // Never the provider's raw `sub`: see external-subject.ts (the raw value stays in claims).
      subject: externalSubject(this.settings.issuer, claims.sub as string),
      scopes: new Set([...verified.scopes].filter((scope) => granted.has(scope))),
      roles: new Set(roles),
    });
  }
}
