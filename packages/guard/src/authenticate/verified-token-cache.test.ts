import { describe, expect, it } from 'vitest';
import type { Principal } from '@rampart/guard';
import { VerifiedTokenCache } from './verified-token-cache.js';

const principal = (subject: string): Principal =>
  Object.freeze({ subject, scopes: new Set<string>(), roles: new Set<string>(), issuer: 'urn:test', claims: {} });

describe('verified token cache', () => {
  it('returns a remembered principal until the token stops being valid', () => {
    const cache = new VerifiedTokenCache({ maxTtlMs: 60_000 });
    cache.set('token-a', principal('a'), 10_000, 0);
    expect(cache.get('token-a', 9_999)?.subject).toBe('a');
    expect(cache.get('token-a', 10_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps an entry at most maxTtlMs, even for a token valid much longer', () => {
    const cache = new VerifiedTokenCache({ maxTtlMs: 1_000 });
    cache.set('token-a', principal('a'), 900_000, 0);
    expect(cache.get('token-a', 999)?.subject).toBe('a');
    expect(cache.get('token-a', 1_000)).toBeUndefined();
  });

  it('matches the whole token only', () => {
    const cache = new VerifiedTokenCache();
    cache.set('header.payload.signature', principal('a'), 60_000, 0);
    expect(cache.get('header.payload.signaturf', 1)).toBeUndefined();
    expect(cache.get('header.payload.signature ', 1)).toBeUndefined();
  });

  it('matches the whole long token, not the ending it is filed under', () => {
    const cache = new VerifiedTokenCache();
    const ending = 's'.repeat(40);
    const verified = `eyJhbGciOiJFZERTQSJ9.${'p'.repeat(500)}.${ending}`;
    cache.set(verified, principal('a'), 60_000, 0);
    expect(cache.get(verified, 1)?.subject).toBe('a');
    // The same last characters with another header or payload: another token, never its principal.
    const forged = `eyJhbGciOiJub25lIn0.${'q'.repeat(500)}.${ending}`;
    expect(cache.get(forged, 1)).toBeUndefined();
    expect(cache.get(verified.slice(1), 1)).toBeUndefined();
    expect(cache.get(`x${verified}`, 1)).toBeUndefined();
    // A second verified token with that ending replaces the first (a miss for it), never mixes them.
    cache.set(forged, principal('b'), 60_000, 0);
    expect(cache.get(forged, 2)?.subject).toBe('b');
    expect(cache.get(verified, 2)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('stays within maxEntries, dropping the oldest first', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 3 });
    for (const name of ['a', 'b', 'c', 'd']) cache.set(`token-${name}`, principal(name), 60_000, 0);
    expect(cache.size).toBe(3);
    expect(cache.get('token-a', 1)).toBeUndefined();
    expect(cache.get('token-d', 1)?.subject).toBe('d');
  });

  it('does not store a token that is already invalid', () => {
    const cache = new VerifiedTokenCache();
    cache.set('token-a', principal('a'), 5, 10);
    expect(cache.size).toBe(0);
  });
});
