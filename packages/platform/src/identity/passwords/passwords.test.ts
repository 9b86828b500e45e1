import { describe, expect, it } from 'vitest';
import * as argon2 from 'argon2';
import { COMMON_PASSWORD_COUNT, isCommonPassword } from './common-passwords.js';
import { checkPassword, codePointLength } from './policy.js';
import { PasswordHasher, readPhcParameters } from './hashing.js';

describe('password policy (NIST SP 800-63B-4)', () => {
  it('ships a common-password list of at least 10,000 entries', () => {
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThanOrEqual(10_000);
  });

  it('rejects listed passwords whatever their case, repetitions and context words', () => {
    expect(checkPassword('passwordpassword')).toBe('common');
    expect(checkPassword('PassWordPassWord')).toBe('common');
    expect(checkPassword('1qaz2wsx3edc4rfv')).toBe('common');
    expect(checkPassword('aaaaaaaaaaaaaaaaaaaa')).toBe('common');
    expect(checkPassword('dragondragondragon')).toBe('common');
    expect(checkPassword('rampartrampart123')).toBe('common');
    expect(checkPassword('password1234567')).toBe('common');
    expect(checkPassword('Dragon1qaz2wsx99')).toBe(checkPassword('dragon1qaz2wsx99'));
    expect(isCommonPassword('alice.smith2024!!', ['alice.smith'])).toBe(true);
  });

  it('counts code points, not UTF-16 units, at both bounds', () => {
    const emoji = '\u{1F600}';
    expect(emoji.length).toBe(2);
    const three = '\u{1F600}\u{1F680}\u{1F30D}';
    expect(codePointLength(three.repeat(5))).toBe(15);
    expect(checkPassword(three.repeat(5).slice(0, -2))).toBe('too_short'); // 14 code points, 28 units
    expect(checkPassword(three.repeat(5))).toBeUndefined();
    expect(checkPassword(emoji.repeat(15))).toBe('common'); // one character repeated
    expect(checkPassword('x7#'.repeat(4) + 'abc')).toBeUndefined(); // 15 characters
    expect(checkPassword('k'.repeat(13) + 'zq')).toBeUndefined();
    expect(checkPassword('horse battery q')).toBeUndefined();
    expect(checkPassword('horse battery')).toBe('too_short');
    expect(checkPassword('correct horse battery staple '.repeat(4) + 'tail'.repeat(3) + 'zzzzz')).toBe('too_long');
    expect(checkPassword('ab'.repeat(64) + 'c')).toBe('too_long');
  });

  it('applies every rule to the NFKC form that is hashed, not to the raw input', () => {
    // Full-width letters are `password1234567` once normalised: common.
    expect(checkPassword('\uFF50\uFF41\uFF53\uFF53\uFF57\uFF4F\uFF52\uFF44\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17')).toBe('common');
    // 16 code points (letter + combining accent) compose to 8 characters: too short.
    const composed = 'a\u0301e\u0301i\u0301o\u0301u\u0301y\u0301n\u0303c\u0327';
    expect(codePointLength(composed)).toBe(16);
    expect(checkPassword(composed)).toBe('too_short');
    expect(checkPassword(composed + composed)).toBeUndefined(); // 16 characters once composed
    // 8 code points that expand to 144 under NFKC (U+FDFA is an 18-character ligature): too long.
    expect(checkPassword('\uFDFA'.repeat(8))).toBe('too_long');
  });

  it('has no composition rules and keeps spaces and case', () => {
    expect(checkPassword('all lower case words here')).toBeUndefined();
    expect(checkPassword('   spaces around   ')).toBeUndefined();
  });

  it('refuses lone surrogates and NUL, and bounds huge input before counting', () => {
    expect(checkPassword('\uD800' + 'a valid looking tail')).toBe('malformed');
    expect(checkPassword('nul in the middle\u0000x')).toBe('malformed');
    expect(checkPassword('y'.repeat(5_000_000))).toBe('too_long');
  });
});

describe('Argon2id hashing', () => {
  const hasher = new PasswordHasher();

  it('hashes with Argon2id at m=19456 KiB, t=2, p=1 and verifies', async () => {
    const phc = await hasher.hash('a long enough passphrase');
    expect(readPhcParameters(phc)).toEqual({
      algorithm: 'argon2id',
      version: 19,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    expect(await hasher.verify(phc, 'a long enough passphrase')).toBe(true);
    expect(await hasher.verify(phc, 'a long enough passphrasE')).toBe(false);
    expect(await hasher.verify(phc, 'a long enough passphrase ')).toBe(false);
  });

  it('normalises Unicode (NFKC) but does not fold case', async () => {
    const phc = await hasher.hash('caf\u00e9 au lait tous les jours');
    expect(await hasher.verify(phc, 'cafe\u0301 au lait tous les jours')).toBe(true);
    expect(await hasher.verify(phc, 'CAF\u00c9 au lait tous les jours')).toBe(false);
  });

  it('asks for a rehash when the stored parameters are weaker than the policy or not Argon2id', async () => {
    const weak = await argon2.hash('another passphrase here', { type: argon2.argon2id, memoryCost: 8192, timeCost: 2, parallelism: 1 });
    const argon2i = await argon2.hash('another passphrase here', { type: argon2.argon2i, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const current = await hasher.hash('another passphrase here');
    expect(hasher.needsRehash(weak)).toBe(true);
    expect(hasher.needsRehash(argon2i)).toBe(true);
    expect(hasher.needsRehash(current)).toBe(false);
    const stronger = new PasswordHasher({ memoryCost: 19456, timeCost: 3, parallelism: 1 });
    expect(stronger.needsRehash(current)).toBe(true);
    // The old hash still verifies: its parameters come from the PHC string.
    expect(await stronger.verify(weak, 'another passphrase here')).toBe(true);
  });

  it('treats garbage stored hashes as a failed verification, not an exception', async () => {
    expect(await hasher.verify('not a hash', 'whatever password here')).toBe(false);
    expect(await hasher.verify('$argon2id$v=19$m=1,t=1,p=1$$', 'whatever password here')).toBe(false);
    expect(await hasher.verifyDummy('whatever password here')).toBe(false);
  });

  it('refuses a policy below the OWASP minimum', () => {
    expect(() => new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 })).toThrow(/OWASP/);
  });
});
