// Why a bearer token was refused. Internal only: the client always gets the same generic 401.

export type TokenRejection =
  | 'malformed'
  | 'oversized'
  | 'algorithm'
  | 'header'
  | 'unknown_key'
  | 'signature'
  | 'claims'
  | 'expired'
  | 'type'
  | 'revoked';

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  constructor(
    readonly reason: TokenRejection,
    options?: { cause?: unknown },
  ) {
    super(`token rejected: ${reason}`, options);
  }
}
