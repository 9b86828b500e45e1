// The subject of an external identity provider's token, scoped by its issuer. Local users have
// random (v4) UUIDs and every owner filter compares `owner_id = principal.subject`; an external
// `sub` is chosen by the provider (Keycloak allows setting it on import or federation), so taken
// as is it could equal a local user's id and read that user's objects. Hashing issuer + sub into
// a UUID (version 8, "custom") keeps it a valid uuid for the queries, distinct per issuer, and
// out of reach of anyone who would need a preimage of SHA-256 to hit a chosen local id.
import { createHash } from 'node:crypto';

export function externalSubject(issuer: string, sub: string): string {
  const digest = createHash('sha256').update(issuer).update('\0').update(sub).digest();
  digest[6] = ((digest[6] as number) & 0x0f) | 0x80; // version 8
  digest[8] = ((digest[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
