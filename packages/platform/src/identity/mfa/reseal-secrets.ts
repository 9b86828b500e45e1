// `rampart secrets rotate`: a new sealing key for the TOTP secrets and for the outbox's sealed
// tokens, then every ciphertext under an older key is sealed again under the new one. Each row is
// replaced only if it is still the ciphertext that was read (an enrolment or a new reset meanwhile
// is left alone: it is sealed under the new key already). Old keys stay: a ciphertext read by
// another instance before its re-seal still opens.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { SecretBox } from './secret-box.js';

export interface ResealReport {
  readonly totpKey: number;
  readonly outboxKey: number;
  readonly totpSecrets: number;
  readonly outboxTokens: number;
}

async function resealTotp(db: Kysely<Database>, box: SecretBox): Promise<number> {
  let count = 0;
  const rows = await db.selectFrom('mfa_totp').select(['user_id', 'secret_ciphertext']).execute();
  for (const row of rows) {
    if (box.isCurrent(row.secret_ciphertext)) continue;
    const sealed = box.seal(box.open(row.secret_ciphertext, row.user_id), row.user_id);
    const updated = await db
      .updateTable('mfa_totp')
      .set({ secret_ciphertext: sealed })
      .where('user_id', '=', row.user_id)
      .where('secret_ciphertext', '=', row.secret_ciphertext)
      .executeTakeFirst();
    count += Number(updated.numUpdatedRows);
  }
  return count;
}

async function resealOutbox(db: Kysely<Database>, box: SecretBox): Promise<number> {
  let count = 0;
  const rows = await db.selectFrom('outbox').select(['id', 'payload']).execute();
  for (const row of rows) {
    const old = row.payload.sealedToken;
    if (typeof old !== 'string' || box.isCurrent(old)) continue;
    const context = `outbox:${row.id}`;
    const payload = { ...row.payload, sealedToken: box.seal(box.open(old, context), context) };
    const updated = await db
      .updateTable('outbox')
      .set({ payload: JSON.stringify(payload) })
      .where('id', '=', row.id)
      .where((eb) => eb(eb.ref('payload', '->>').key('sealedToken'), '=', old))
      .executeTakeFirst();
    count += Number(updated.numUpdatedRows);
  }
  return count;
}

/** Adds a key to each box and re-seals every ciphertext under the new keys. */
export async function rotateSealingKeys(db: Kysely<Database>, totp: SecretBox, outbox: SecretBox): Promise<ResealReport> {
  const totpKey = await totp.rotate();
  const outboxKey = await outbox.rotate();
  return { totpKey, outboxKey, totpSecrets: await resealTotp(db, totp), outboxTokens: await resealOutbox(db, outbox) };
}

/** The `sys_admin_action` detail of a rotation (names the security-events module keeps: no
 * key that looks like a secret's). */
export function resealEventDetail(report: ResealReport): Readonly<Record<string, number>> {
  return { mfaKey: report.totpKey, outboxKey: report.outboxKey, mfaResealed: report.totpSecrets, outboxResealed: report.outboxTokens };
}
