// Checks on the token's form and protected header, before any key lookup or network request:
// size, compact JWS syntax, canonical base64url (no second spelling of a signature verifies),
// the algorithm allow list (exact, case-sensitive), no header that points at a key of the
// sender's choosing, a `kid` that cannot smuggle anything into a lookup, and `typ` when
// configured. jose repeats the algorithm check; the rest it does not do.
import { decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { OidcTokenRejectedError } from './rejection.js';

/** Longest token parsed at all (the authenticate layer caps the whole header at 8 KiB too). */
export const MAX_TOKEN_LENGTH = 8192;

// An empty signature passes the syntax check, so that `alg: none` is refused as an algorithm.
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// Base64 characters (Cognito kids use + / =), no dot: nothing like ../ reaches a lookup.
const SAFE_KID = /^[A-Za-z0-9_=+/-]{1,128}$/;
/** Header parameters naming a key or where to fetch one: never honoured, refused outright. */
const KEY_POINTING_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'x5t', 'x5t#S256'];

function sextet(code: number): number {
  if (code >= 65 && code <= 90) return code - 65; // A-Z
  if (code >= 97 && code <= 122) return code - 71; // a-z
  if (code >= 48 && code <= 57) return code + 4; // 0-9
  return code === 45 ? 62 : 63; // - _
}

/** Unpadded base64url in its one canonical spelling: decoders ignore the unused low bits of
 * the last character, so without this up to 16 spellings of one signature would verify. */
function isCanonicalBase64url(part: string): boolean {
  const rest = part.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const unusedBits = rest === 2 ? 0b1111 : 0b11;
  return (sextet(part.charCodeAt(part.length - 1)) & unusedBits) === 0;
}

/** `typ` compared case-insensitively with any `application/` prefix removed (RFC 7515 4.1.9). */
export function normaliseType(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

export interface TokenShapeRules {
  readonly algorithms: readonly string[];
  /** Accepted `typ` headers, normalised; undefined: not checked. */
  readonly types: readonly string[] | undefined;
}

export function checkTokenShape(token: string, rules: TokenShapeRules): ProtectedHeaderParameters {
  if (token.length > MAX_TOKEN_LENGTH) throw new OidcTokenRejectedError('oversized');
  if (!JWS_COMPACT.test(token) || !token.split('.').every(isCanonicalBase64url)) {
    throw new OidcTokenRejectedError('malformed');
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (cause) {
    throw new OidcTokenRejectedError('malformed', { cause });
  }
  if (typeof header.alg !== 'string' || !rules.algorithms.includes(header.alg)) {
    throw new OidcTokenRejectedError('algorithm');
  }
  if (KEY_POINTING_HEADERS.some((name) => Object.hasOwn(header, name))) throw new OidcTokenRejectedError('header');
  if (header.kid !== undefined && (typeof header.kid !== 'string' || !SAFE_KID.test(header.kid))) {
    throw new OidcTokenRejectedError('header');
  }
  if (rules.types !== undefined && (typeof header.typ !== 'string' || !rules.types.includes(normaliseType(header.typ)))) {
    throw new OidcTokenRejectedError('type');
  }
  return header;
}
