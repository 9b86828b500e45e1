// Guard's BearerVerifier for the platform: our own tokens (with the per-user not-before, lock
// and session revocation checked on every request) and, when configured, the external IdP's.
// Every refusal is the same GuardError (401 invalid_token); the reason is kept as the cause.
// A 5xx GuardError (storage unavailable) passes through unchanged.
import type { FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import type { BearerVerifier, Principal } from '@rampart/guard';
import { GuardError } from '@rampart/guard';
import type { RevocationStore } from '../state/types.js';
import type { AccessTokens } from './access-tokens.js';
import type { ExternalIdpVerifier } from './external-idp.js';
import { MAX_TOKEN_LENGTH } from './jwt-verify.js';
import { TokenRejectedError } from './token-errors.js';

export class IdentityBearerVerifier implements BearerVerifier {
  constructor(
    private readonly local: AccessTokens,
    private readonly revocations: RevocationStore,
    private readonly external?: ExternalIdpVerifier,
  ) {}

  async verify(token: string, _request?: FastifyRequest): Promise<Principal> {
    try {
      return await this.#verify(token);
    } catch (cause) {
      // "Cannot check right now" (the database is unreachable: a 503 from the storage layer) is not
      // "invalid token": a 401 would make clients throw away tokens that are still good.
      if (cause instanceof GuardError && cause.statusCode >= 500) throw cause;
      throw new GuardError('RAMPART_ERR_AUTH_INVALID_TOKEN', {
        cause,
        headers: { 'WWW-Authenticate': 'Bearer realm="rampart", error="invalid_token"' },
      });
    }
  }

  async #verify(token: string): Promise<Principal> {
    // Routing only: the unverified `iss` picks which verifier (with its own keys and algorithms)
    // gets the token; each then verifies everything itself.
    if (this.external && token.length <= MAX_TOKEN_LENGTH && peekIssuer(token) === this.external.settings.issuer) {
      return this.external.verify(token);
    }
    const principal = await this.local.verify(token);
    const issuedAt = principal.claims.iat as number;
    const sessionId = principal.claims.sid as string | undefined;
    if (await this.revocations.isRevoked(principal.subject, issuedAt, sessionId)) throw new TokenRejectedError('revoked');
    return principal;
  }
}

function peekIssuer(token: string): unknown {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}
