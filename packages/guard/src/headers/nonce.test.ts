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

  it('nonces are 128-bit base64 and differ', () => {
    const a = createNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(createNonce()).not.toBe(a);
  });
});
