// One-time MFA recovery codes: ten per activation, 16 base32 characters each (80 random bits),
// shown once and stored only as SHA-256 digests (80 bits need no slow hash). A code replaces
// the TOTP code at login once; activating again spends every older code.
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { IdentityTables } from '../../db/schema/identity.js';
import { sha256Hex } from '../crypto/secrets.js';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const GROUP = 4;
const LENGTH = 16;
/** What a user may type: the code in any case, with or without the dashes and spaces. */
const RECOVERY_SHAPE = /^[A-Za-z2-7]{4}(?:[- ]?[A-Za-z2-7]{4}){3}$/;

/** A fresh code, `ABCD-EFGH-JKLM-NPQR`. Each character is 5 bits of one random byte. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(LENGTH);
  let code = '';
  for (let i = 0; i < LENGTH; i++) {
    if (i > 0 && i % GROUP === 0) code += '-';
    code += ALPHABET[(bytes[i] as number) & 31];
  }
  return code;
}

export function looksLikeRecoveryCode(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 32 && RECOVERY_SHAPE.test(value.trim());
}

function digestOf(code: string): string {
  return sha256Hex(code.trim().replace(/[- ]/g, '').toUpperCase());
}

type Db = Kysely<IdentityTables> | Transaction<IdentityTables>;

/** Spends every unused code of the user, stores ten new ones and returns them (shown once). */
export async function replaceRecoveryCodes(db: Db, userId: string, now: Date): Promise<string[]> {
  await spendAllRecoveryCodes(db, userId, now);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db
    .insertInto('mfa_recovery_codes')
    .values(codes.map((code) => ({ code_hash: digestOf(code), user_id: userId, created_at: now, used_at: null })))
    .execute();
  return codes;
}

export async function spendAllRecoveryCodes(db: Db, userId: string, now: Date): Promise<void> {
  await db.updateTable('mfa_recovery_codes').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Spends the code if it is an unused code of this user: one UPDATE, so it works once even
 * under concurrent logins. */
export async function spendRecoveryCode(db: Db, userId: string, code: string, now: Date): Promise<boolean> {
  const spent = await db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: now })
    .where('code_hash', '=', digestOf(code))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .returning('code_hash')
    .executeTakeFirst();
  return spent !== undefined;
}

export async function unusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
