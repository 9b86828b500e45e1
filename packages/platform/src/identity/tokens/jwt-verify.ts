// One strict JWT verification path for our own tokens and an external IdP's: shape and header
// checks before any key lookup, then jose's jwtVerify with algorithms, issuer, audience, required
// claims, max token age, clock tolerance and typ ALWAYS passed (jose only checks what it is told).
import { decodeProtectedHeader, errors, jwtVerify, type CryptoKey, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { TokenRejectedError, type TokenRejection } from './token-errors.js';

/** Longest token we parse at all; ours are ~500 bytes, Keycloak's a few KB. */
export const MAX_TOKEN_LENGTH = 8192;

export interface JwtProfile {
  readonly algorithms: readonly string[];
  readonly issuer: string;
  readonly audience: string;
  /** Accepted values of the `typ` header (compared case-insensitively, `application/` prefix
   * ignored); the header must be present. */
  readonly types: readonly string[];
  readonly requiredClaims: readonly string[];
  readonly maxTokenAgeSeconds: number;
  readonly clockToleranceSeconds: number;
}

export type KeyResolver = (kid: string | undefined, header: ProtectedHeaderParameters) => Promise<CryptoKey | undefined>;

const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const SAFE_KID = /^[A-Za-z0-9_-]{1,128}$/;
/** Header parameters that point at attacker-chosen keys: never honoured, and refused outright. */
const KEY_POINTING_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'x5t', 'x5t#S256'];

/** The 6-bit value of a base64url character (the caller has checked the alphabet). */
function sextet(code: number): number {
  if (code >= 65 && code <= 90) return code - 65; // A-Z
  if (code >= 97 && code <= 122) return code - 71; // a-z
  if (code >= 48 && code <= 57) return code + 4; // 0-9
  return code === 45 ? 62 : 63; // - _
}

/** True when `part` is unpadded base64url in its one canonical spelling: decoders ignore the
 * unused low bits of the last character, so without this check 16 spellings of one Ed25519
 * signature (and of any header or payload whose length is not a multiple of 3) all verify. */
export function isCanonicalBase64url(part: string): boolean {
  const rest = part.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const unusedBits = rest === 2 ? 0b1111 : 0b11;
  return (sextet(part.charCodeAt(part.length - 1)) & unusedBits) === 0;
}

function normaliseType(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

function readHeader(token: string, profile: JwtProfile): ProtectedHeaderParameters {
  if (token.length > MAX_TOKEN_LENGTH) throw new TokenRejectedError('oversized');
  if (!JWS_COMPACT.test(token)) throw new TokenRejectedError('malformed');
  if (!token.split('.').every(isCanonicalBase64url)) throw new TokenRejectedError('malformed');
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (cause) {
    throw new TokenRejectedError('malformed', { cause });
  }
  // Exact, case-sensitive match against the allow list: `none`, `NONE`, `nOnE`, HS256 all fail here.
  if (typeof header.alg !== 'string' || !profile.algorithms.includes(header.alg)) {
    throw new TokenRejectedError('algorithm');
  }
  for (const name of KEY_POINTING_HEADERS) {
    if (name in header) throw new TokenRejectedError('header');
  }
  if (header.kid !== undefined && (typeof header.kid !== 'string' || !SAFE_KID.test(header.kid))) {
    throw new TokenRejectedError('header');
  }
  if (typeof header.typ !== 'string' || !profile.types.some((t) => normaliseType(t) === normaliseType(header.typ as string))) {
    throw new TokenRejectedError('type');
  }
  return header;
}

function classify(error: unknown): TokenRejection {
  if (error instanceof TokenRejectedError) return error.reason;
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWTClaimValidationFailed) return error.claim === 'typ' ? 'type' : 'claims';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  if (error instanceof errors.JOSENotSupported) return 'header';
  return 'malformed';
}

export interface VerifiedJwt {
  readonly payload: JWTPayload;
  readonly header: ProtectedHeaderParameters;
}

export async function verifyJwt(token: string, resolveKey: KeyResolver, profile: JwtProfile, now: number): Promise<VerifiedJwt> {
  const header = readHeader(token, profile);
  const key = await resolveKey(header.kid, header);
  if (!key) throw new TokenRejectedError('unknown_key');
  try {
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      algorithms: [...profile.algorithms],
      issuer: profile.issuer,
      audience: profile.audience,
      requiredClaims: [...profile.requiredClaims],
      maxTokenAge: profile.maxTokenAgeSeconds,
      clockTolerance: profile.clockToleranceSeconds,
      currentDate: new Date(now),
    });
    const issuedAt = payload.iat;
    if (typeof issuedAt !== 'number' || issuedAt * 1000 > now + profile.clockToleranceSeconds * 1000) {
      throw new TokenRejectedError('claims');
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) {
      throw new TokenRejectedError('claims');
    }
    return { payload, header: protectedHeader };
  } catch (error) {
    throw error instanceof TokenRejectedError ? error : new TokenRejectedError(classify(error), { cause: error });
  }
}
