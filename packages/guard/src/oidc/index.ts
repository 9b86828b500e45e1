// OIDC / JWKS bearer verification (public: oidcVerifier and the claim presets).
import type { OidcVerifierOptions } from './options.js';
import { createOidcVerifier, type OidcVerifier } from './verifier.js';

export { keycloakClaims, auth0Claims, entraClaims, type ClaimMapping, type ClaimPath } from './claims.js';
export {
  SUPPORTED_ALGORITHMS as OIDC_ALGORITHMS,
  DEFAULT_ALGORITHMS as OIDC_DEFAULT_ALGORITHMS,
  type OidcVerifierOptions,
  type OidcAlgorithm,
} from './options.js';
export { rejectionReason as oidcRejectionReason, type OidcTokenRejection } from './rejection.js';
export type { OidcVerifier } from './verifier.js';

/** A BearerVerifier for access tokens of an OpenID Connect provider. Throws a PolicyError
 * (RAMPART_ERR_POLICY_INVALID) naming every problem with the options. */
export function oidcVerifier(options: OidcVerifierOptions): OidcVerifier {
  return createOidcVerifier(options);
}
