// Spending a single-use token (password reset, email verification): one UPDATE that matches the
// token's SHA-256, unspent and unexpired, so that of two concurrent uses exactly one wins.
import type { Kysely } from 'kysely';
import type { IdentityTables } from '../../db/schema/identity.js';
import { sha256Hex } from './secrets.js';

export type SingleUseTokenTable = 'password_reset_tokens' | 'email_verification_tokens';

/** The user id of the spent token, or undefined when it is unknown, spent or expired. */
export async function spendSingleUseToken(db: Kysely<IdentityTables>, table: SingleUseTokenTable, token: string, now: Date): Promise<string | undefined> {
  const spent = await db
    .updateTable(table)
    .set({ used_at: now })
    .where('token_hash', '=', sha256Hex(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return spent?.user_id;
}
