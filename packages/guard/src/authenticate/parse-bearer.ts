// Strict `Authorization: Bearer <token68>` parsing (RFC 6750 §2.1): one scheme, one space, the
// token68 character set, bounded size. Anything else is malformed, never "best effort".

export const MAX_AUTHORIZATION_LENGTH = 8192;
const BEARER = /^Bearer [A-Za-z0-9\-._~+/]+=*$/i;
const BEARER_PREFIX_LENGTH = 'Bearer '.length;

/** The token, `undefined` when there is no header, or `null` when the header is malformed. */
export function parseBearer(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH) return null;
  // `test` + slice: no match array per request; the pattern fixes the 7-character "Bearer " prefix.
  return BEARER.test(header) ? header.slice(BEARER_PREFIX_LENGTH) : null;
}
