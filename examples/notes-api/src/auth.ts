// Access tokens are JWTs issued by an OpenID Connect provider: signature from the provider's
// JWKS, issuer, audience and expiry checked; `scope` (space separated) gives the scopes.
import { GuardError, type BearerVerifier, type Principal } from '@rampart/guard';
import { createRemoteJWKSet, jwtVerify } from 'jose';

export function tokenVerifier(issuer: string, audience: string): BearerVerifier {
  const keys = createRemoteJWKSet(new URL(`${issuer.replace(/\/$/, '')}/jwks`));
  return {
    async verify(token): Promise<Principal> {
      try {
        const { payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ['ES256'], requiredClaims: ['exp', 'sub'] });
        const scope = typeof payload.scope === 'string' ? payload.scope : '';
        return {
          subject: payload.sub ?? '',
          scopes: new Set(scope.split(' ').filter(Boolean)),
          roles: new Set(),
          issuer,
          claims: payload,
        };
      } catch (error) {
        throw new GuardError('RAMPART_ERR_AUTH_INVALID_TOKEN', { cause: error });
      }
    },
  };
}
