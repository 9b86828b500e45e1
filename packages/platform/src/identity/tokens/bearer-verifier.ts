// The platform's token verifier: our own tokens (with the per-user not-before, lock and session
// revocation checked on every request) and, when configured, the external IdP's. Every refusal
// is the same IdentityError (ERR_IDENTITY_INVALID_ACCESS_TOKEN); the reason is kept as the cause.
// "Cannot check right now" (StorageUnavailableError, ERR_IDENTITY_PROVIDER_UNAVAILABLE) passes
// through unchanged. errors/http-edge.ts makes it guard's BearerVerifier.
import { decodeJwt } from 'jose';
import type { Principal } from '@rampart/guard';
import { IdentityError, StorageUnavailableError } from '../../errors/index.js';
import type { RevocationStore } from '../state/types.js';
import type { AccessTokens } from './access-tokens.js';
import type { ExternalIdpVerifier } from './external-idp.js';
import { MAX_TOKEN_LENGTH } from './jwt-verify.js';
import { TokenRejectedError } from './token-errors.js';

export class IdentityBearerVerifier {
  constructor(
    private readonly local: AccessTokens,
    private readonly revocations: RevocationStore,
    private readonly external?: ExternalIdpVerifier,
  ) {}

  async verify(token: string): Promise<Principal> {
    try {
      return await this.#verify(token);
    } catch (cause) {
      // "Cannot check right now" (a store or the provider is unreachable) is not "invalid token":
      // a refusal would make clients throw away tokens that are still good.
      if (cause instanceof StorageUnavailableError) throw cause;
      if (cause instanceof IdentityError && cause.code === 'ERR_IDENTITY_PROVIDER_UNAVAILABLE') throw cause;
      throw new IdentityError('ERR_IDENTITY_INVALID_ACCESS_TOKEN', { cause });
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
