import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { MemoryTotpReplayStore } from '../state/memory.js';
import { SecretBox } from './secret-box.js';
import { Totp } from './totp.js';

// RFC 6238 Appendix B: seeds and expected 8-digit codes per algorithm.
const SEEDS = {
  sha1: '12345678901234567890',
  sha256: '12345678901234567890123456789012',
  sha512: '1234567890123456789012345678901234567890123456789012345678901234',
} as const;
const VECTORS: readonly [number, string, keyof typeof SEEDS][] = [
  [59, '94287082', 'sha1'],
  [59, '46119246', 'sha256'],
  [59, '90693936', 'sha512'],
  [1111111109, '07081804', 'sha1'],
  [1111111109, '68084774', 'sha256'],
  [1111111109, '25091201', 'sha512'],
  [1111111111, '14050471', 'sha1'],
  [1234567890, '89005924', 'sha1'],
  [2000000000, '69279037', 'sha1'],
  [20000000000, '65353130', 'sha1'],
  [20000000000, '77737706', 'sha256'],
  [20000000000, '47863826', 'sha512'],
];

describe('TOTP (RFC 6238)', () => {
  for (const [time, expected, algorithm] of VECTORS) {
    it(`matches the RFC 6238 vector T=${time} ${algorithm}`, async () => {
      const code = await generate({ secret: new TextEncoder().encode(SEEDS[algorithm]), epoch: time, digits: 8, algorithm });
      expect(code).toBe(expected);
    });
  }

  it('accepts a current code once and refuses its replay', async () => {
    let clock = 1_800_000_000_000;
    const totp = new Totp(new MemoryTotpReplayStore(), () => clock);
    const { secret, otpauthUrl } = totp.enrol('alice@example.com');
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Rampart:alice%40example\.com\?/);
    const code = await generate({ secret, epoch: clock / 1000 });
    expect(await totp.verifyOnce('u1', secret, code)).toBe(true);
    expect(await totp.verifyOnce('u1', secret, code)).toBe(false);
    // Still refused in the next step, while the code is inside the tolerance window.
    clock += 30_000;
    expect(await totp.verifyOnce('u1', secret, code)).toBe(false);
    // The next code works once.
    const next = await generate({ secret, epoch: clock / 1000 });
    expect(await totp.verifyOnce('u1', secret, next)).toBe(true);
  });

  it('refuses wrong, malformed and stale codes (a {valid:false} result is never taken as success)', async () => {
    const clock = 1_800_000_000_000;
    const totp = new Totp(new MemoryTotpReplayStore(), () => clock);
    const { secret } = totp.enrol('bob@example.com');
    const code = await generate({ secret, epoch: clock / 1000 });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await totp.verifyOnce('u2', secret, wrong)).toBe(false);
    for (const bad of ['', '12345', '1234567', '12345a', ' 123456', 123456, null, undefined, { valid: true }]) {
      expect(await totp.verifyOnce('u2', secret, bad)).toBe(false);
    }
    const old = await generate({ secret, epoch: clock / 1000 - 120 });
    expect(await totp.verifyOnce('u2', secret, old)).toBe(false);
  });

  it('seals secrets so that they only open for the same account', () => {
    const box = SecretBox.fromKey(randomBytes(32));
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-a');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'user-a')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => box.open(sealed, 'user-b')).toThrow();
    expect(() => SecretBox.fromKey(randomBytes(32)).open(sealed, 'user-a')).toThrow();
  });
});
