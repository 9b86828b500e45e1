// TOTP enrolment and activation per account, the second-factor check of a login (a TOTP code, or
// a one-time recovery code), and the operator's reset. The secret is sealed at rest and returned
// exactly once, in the enrolment answer; the recovery codes once, in the activation answer. The
// owner is told by mail when MFA is turned on or reset. The caller has checked the password.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { IdentityTables } from '../../db/schema/identity.js';
import { IdentityError } from '../../errors/index.js';
import type { RequestOrigin, SecurityEvents } from '../../security-events/index.js';
import type { SecretBox } from './secret-box.js';
import { queueMail } from '../mail/outbox.js';
import { looksLikeRecoveryCode, replaceRecoveryCodes, spendAllRecoveryCodes, spendRecoveryCode } from './recovery-codes.js';
import type { Totp, TotpEnrolment } from './totp.js';

export type SecondFactor = 'not_needed' | 'ok' | 'required' | 'wrong';

export class MfaService {
  constructor(
    private readonly db: Kysely<IdentityTables>,
    private readonly box: SecretBox,
    private readonly totp: Totp,
    private readonly events: SecurityEvents,
    private readonly now: () => number,
  ) {}

  /** For a login whose password was right. `origin` (here and below): the request the events
   * belong to, if any. */
  async check(userId: string, code: unknown, origin?: RequestOrigin): Promise<SecondFactor> {
    const row = await this.#row(userId);
    if (!row || row.activated_at === null) return 'not_needed';
    if (code === undefined || code === null || code === '') return 'required';
    if (looksLikeRecoveryCode(code)) {
      if (!(await spendRecoveryCode(this.db, userId, code, new Date(this.now())))) return 'wrong';
      await this.events.record('user_updated', { ...origin, userId, detail: { change: 'mfa_recovery_code_used' } });
      return 'ok';
    }
    const secret = this.box.open(row.secret_ciphertext, userId);
    return (await this.totp.verifyOnce(userId, secret, code)) ? 'ok' : 'wrong';
  }

  /** Starts (or restarts, while not yet active) an enrolment. */
  async enrol(userId: string, accountLabel: string, origin?: RequestOrigin): Promise<TotpEnrolment> {
    const existing = await this.#row(userId);
    if (existing?.activated_at) throw new IdentityError('ERR_IDENTITY_MFA_ALREADY_ACTIVE');
    const enrolment = this.totp.enrol(accountLabel);
    const sealed = this.box.seal(enrolment.secret, userId);
    const now = new Date(this.now());
    await this.db
      .insertInto('mfa_totp')
      .values({ user_id: userId, secret_ciphertext: sealed, created_at: now, activated_at: null, last_time_step: null })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_ciphertext: sealed, created_at: now, activated_at: null, last_time_step: null }))
      .execute();
    await this.events.record('user_updated', { ...origin, userId, detail: { change: 'mfa_enrolled' } });
    return enrolment;
  }

  /** Confirms the authenticator works; from then on every login needs a code. Returns the ten
   * recovery codes (shown once) and tells the owner by mail. */
  async activate(userId: string, code: unknown, origin?: RequestOrigin): Promise<string[]> {
    const row = await this.#row(userId);
    if (!row) throw new IdentityError('ERR_IDENTITY_MFA_NOT_ENROLLED');
    if (row.activated_at) throw new IdentityError('ERR_IDENTITY_MFA_ALREADY_ACTIVE');
    const secret = this.box.open(row.secret_ciphertext, userId);
    if (!(await this.totp.verifyOnce(userId, secret, code))) throw new IdentityError('ERR_IDENTITY_INVALID_TOTP');
    const now = new Date(this.now());
    const codes = await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('mfa_totp').set({ activated_at: now }).where('user_id', '=', userId).execute();
      const fresh = await replaceRecoveryCodes(tx, userId, now);
      await this.#notify(tx, userId, 'mfa_enabled');
      return fresh;
    });
    await this.events.record('user_updated', { ...origin, userId, detail: { change: 'mfa_activated' } });
    return codes;
  }

  /** Operator recovery (`rampart users mfa-reset`): MFA off, every recovery code spent, the owner
   * told. False when the user has no MFA at all. The caller revokes the sessions. */
  async reset(userId: string): Promise<boolean> {
    const row = await this.#row(userId);
    if (!row) return false;
    const now = new Date(this.now());
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('mfa_totp').set({ activated_at: null, last_time_step: null }).where('user_id', '=', userId).execute();
      await spendAllRecoveryCodes(tx, userId, now);
      await this.#notify(tx, userId, 'mfa_reset_by_operator');
    });
    await this.events.record('user_updated', { userId, detail: { change: 'mfa_reset' } });
    return true;
  }

  async #notify(tx: Transaction<IdentityTables>, userId: string, topic: 'mfa_enabled' | 'mfa_reset_by_operator'): Promise<void> {
    const user = await tx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
    if (user) await queueMail(tx, { id: randomUUID(), kind: 'account_notice', topic, recipient: user.email, payload: {} }, this.now());
  }

  #row(userId: string) {
    return this.db
      .selectFrom('mfa_totp')
      .select(['secret_ciphertext', 'activated_at'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }
}
