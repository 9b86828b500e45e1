// Why a token was refused (kept as the GuardError's cause, logged, never sent) and the one
// error a client sees for it: 401 invalid_token.
import { GuardError } from '../errors/index.js';

export type OidcTokenRejection =
  | 'malformed'
  | 'oversized'
  | 'algorithm'
  | 'header'
  | 'unknown_key'
  | 'signature'
  | 'claims'
  | 'expired'
  | 'type';

export class OidcTokenRejectedError extends Error {
  override readonly name = 'OidcTokenRejectedError';
  constructor(
    readonly reason: OidcTokenRejection,
    options?: { readonly cause?: unknown },
  ) {
    super(`token rejected: ${reason}`, options);
  }
}

export function invalidToken(reason: OidcTokenRejection, cause?: unknown): GuardError {
  return new GuardError('RAMPART_ERR_AUTH_INVALID_TOKEN', {
    cause: new OidcTokenRejectedError(reason, cause === undefined ? {} : { cause }),
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
}

/** The refusal reason of a GuardError this verifier threw, for tests and logs. */
export function rejectionReason(error: unknown): OidcTokenRejection | undefined {
  return error instanceof GuardError && error.cause instanceof OidcTokenRejectedError ? error.cause.reason : undefined;
}
