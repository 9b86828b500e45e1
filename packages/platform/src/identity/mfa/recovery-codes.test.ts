import { describe, expect, it } from 'vitest';
import { looksLikeRecoveryCode, newRecoveryCode } from './recovery-codes.js';

describe('recovery codes', () => {
  it('are 16 base32 characters in four groups, and differ', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(new Set(codes).size).toBe(200);
    // Every character of the alphabet shows up: 5 bits of each random byte are used.
    expect(new Set(codes.join('').replace(/-/g, '')).size).toBe(32);
  });

  it('are told apart from TOTP codes and garbage', () => {
    expect(looksLikeRecoveryCode('ABCD-EFGH-JKLM-NPQR')).toBe(true);
    expect(looksLikeRecoveryCode('abcdefghjklmnpqr')).toBe(true);
    expect(looksLikeRecoveryCode(' ABCD EFGH JKLM NPQR ')).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(looksLikeRecoveryCode('ABCD-EFGH-JKLM-NPQ1')).toBe(false); // 1 is not base32
    expect(looksLikeRecoveryCode('ABCD-EFGH-JKLM')).toBe(false);
    expect(looksLikeRecoveryCode(42)).toBe(false);
    expect(looksLikeRecoveryCode('A'.repeat(1000))).toBe(false);
  });
});
