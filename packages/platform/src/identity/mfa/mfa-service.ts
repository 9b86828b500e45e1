// TOTP enrolment and activation per account, and the second-factor check of a login. The
// secret is sealed at rest and returned exactly once, in the enrolment answer.
import type { Kysely } from 'kysely';
import { GuardError } from '@rampart/guard/errors';
import type { IdentityTables } from '../../db/schema/identity.js';
import { IdentityErrors } from '../errors.js';
import type { SecurityEvents } from '../events.js';
import type { SecretBox } from './secret-box.js';
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

  /** For a login whose password was right. */
  async check(userId: string, code: unknown): Promise<SecondFactor> {
    const row = await this.#row(userId);
    if (!row || row.activated_at === null) return 'not_needed';
    if (code === undefined || code === null || code === '') return 'required';
    const secret = this.box.open(row.secret_ciphertext, userId);
    return (await this.totp.verifyOnce(userId, secret, code)) ? 'ok' : 'wrong';
  }

  /** Starts (or restarts, while not yet active) an enrolment. */
  async enrol(userId: string, accountLabel: string): Promise<TotpEnrolment> {
    const existing = await this.#row(userId);
    if (existing?.activated_at) throw new GuardError(IdentityErrors.RAMPART_ERR_IDENTITY_MFA_ALREADY_ACTIVE);
    const enrolment = this.totp.enrol(accountLabel);
    const sealed = this.box.seal(enrolment.secret, userId);
    const now = new Date(this.now());
    await this.db
      .insertInto('mfa_totp')
      .values({ user_id: userId, secret_ciphertext: sealed, created_at: now, activated_at: null, last_time_step: null })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_ciphertext: sealed, created_at: now, activated_at: null, last_time_step: null }))
      .execute();
    await this.events.record('mfa_enrolled', userId);
    return enrolment;
  }

  /** Confirms the authenticator works; from then on every login needs a code. */
  async activate(userId: string, code: unknown): Promise<void> {
    const row = await this.#row(userId);
    if (!row) throw new GuardError(IdentityErrors.RAMPART_ERR_IDENTITY_MFA_NOT_ENROLLED);
    if (row.activated_at) throw new GuardError(IdentityErrors.RAMPART_ERR_IDENTITY_MFA_ALREADY_ACTIVE);
    const secret = this.box.open(row.secret_ciphertext, userId);
    if (!(await this.totp.verifyOnce(userId, secret, code))) throw new GuardError(IdentityErrors.RAMPART_ERR_IDENTITY_INVALID_TOTP);
    await this.db.updateTable('mfa_totp').set({ activated_at: new Date(this.now()) }).where('user_id', '=', userId).execute();
    await this.events.record('mfa_activated', userId);
  }

  #row(userId: string) {
    return this.db
      .selectFrom('mfa_totp')
      .select(['secret_ciphertext', 'activated_at'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }
}
