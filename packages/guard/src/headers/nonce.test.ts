import { describe, expect, it } from 'vitest';
import { createNonce, createNonceCsp } from './nonce.js';

describe('createNonceCsp', () => {
  it("puts the nonce in script-src and style-src, dropping 'none' there only", () => {
    const csp = createNonceCsp({ 'default-src': ["'none'"], 'script-src': ["'none'"], 'style-src': ["'self'"], 'object-src': ["'none'"] });
    expect(csp('abc=')).toBe("default-src 'none'; script-src 'nonce-abc='; style-src 'self' 'nonce-abc='; object-src 'none'");
  });

  it('a missing style-src starts from default-src, its fallback', () => {
    expect(createNonceCsp({ 'default-src': ["'self'"], 'script-src': ["'self'"] })('n')).toBe(
      "default-src 'self'; script-src 'self' 'nonce-n'; style-src 'self' 'nonce-n'",
    );
  });

  it('nonces are 128-bit base64 and never repeat, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(createNonce()); // about 8 refills of the 4 KiB pool
    expect(seen.size).toBe(2000);
    for (const nonce of seen) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
