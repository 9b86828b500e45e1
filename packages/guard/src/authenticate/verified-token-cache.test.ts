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
