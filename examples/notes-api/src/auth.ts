// Access tokens are JWTs issued by an OpenID Connect provider: guard's oidcVerifier finds the
// provider's keys by discovery, checks signature, issuer, audience and expiry, and reads the
// scopes from `scope`. Closed with the app (its pooled connections to the provider).
import { oidcVerifier, type OidcVerifier } from '@rampart/guard';

export function tokenVerifier(issuer: string, audience: string): OidcVerifier {
  return oidcVerifier({ issuer, audience, algorithms: ['ES256'] });
}
