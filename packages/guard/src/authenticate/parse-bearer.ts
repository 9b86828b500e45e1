// Strict `Authorization: Bearer <token68>` parsing (RFC 6750 §2.1): one scheme, one space, the
// token68 character set, bounded size. Anything else is malformed, never "best effort".

export const MAX_AUTHORIZATION_LENGTH = 8192;
const BEARER = /^Bearer [A-Za-z0-9\-._~+/]+=*$/i;
const BEARER_PREFIX = 'Bearer ';
const BEARER_PREFIX_LENGTH = BEARER_PREFIX.length;

/** The token, `undefined` when there is no header, or `null` when the header is malformed. */
export function parseBearer(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH) return null;
  // `test` + slice: no match array per request; the pattern fixes the 7-character "Bearer " prefix.
  return BEARER.test(header) ? header.slice(BEARER_PREFIX_LENGTH) : null;
}

/** The token of a header spelled exactly `Bearer <token>` within the size bound, as presented and
 * NOT checked against the pattern: only for a lookup among tokens that passed `parseBearer` before
 * (a remembered token). Anything else (no header, another spelling of the scheme): `undefined`. */
export function presentedBearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH || !header.startsWith(BEARER_PREFIX)) return undefined;
  return header.slice(BEARER_PREFIX_LENGTH);
}
