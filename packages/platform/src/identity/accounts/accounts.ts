// Accounts: registration, password login (with lockout, dummy-hash timing, TOTP when active,
// rehash on login), and the operator actions behind `rampart users add|lock|unlock`.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdentityTables, UserRole } from '../../db/schema/identity.js';
import { IdentityError } from '../../errors/index.js';
import type { RequestOrigin, SecurityEvents } from '../../security-events/index.js';
import type { PasswordHasher } from '../passwords/hashing.js';
import { checkPassword, describePasswordProblem } from '../passwords/policy.js';
import { sha256Hex } from '../crypto/secrets.js';
import { queueMail } from '../mail/outbox.js';
import type { EmailVerification } from '../verify/email-verification.js';
import { acceptableDisplayName } from './display-name.js';
import type { LockoutStore } from '../state/types.js';
import type { MfaService } from '../mfa/mfa-service.js';
import { normaliseEmail } from './email.js';

export const LOCKOUT_THRESHOLD = 10;
export const LOCKOUT_DURATION_MS = 15 * 60_000;

export interface PublicUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: UserRole;
}

/** Why a login failed; internal (logged and audited), never told to the caller. */
export type LoginFailure =
  | 'unknown_email'
  | 'wrong_password'
  | 'locked_out'
  | 'operator_locked'
  | 'wrong_totp'
  | 'missing_totp'
  /** The password was right for a credential that changed while the login waited (a reset). */
  | 'credential_changed'
  /** Right password, address not verified yet (REQUIRE_VERIFIED_EMAIL). */
  | 'unverified_email';

export type LoginOutcome =
  | { readonly ok: true; readonly user: PublicUser & { readonly credentialVersion: string } }
  | { readonly ok: false; readonly reason: LoginFailure };

/** Names the credential a login verified, without carrying its hash around: SHA-256 of the PHC
 * string (which has a fresh salt at every change). */
export function credentialVersionOf(passwordHash: string): string {
  return sha256Hex(passwordHash);
}

export class Accounts {
  constructor(
    private readonly db: Kysely<IdentityTables>,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LockoutStore,
    private readonly mfa: MfaService,
    private readonly events: SecurityEvents,
    private readonly now: () => number,
    private readonly verification?: { readonly emails: EmailVerification; readonly required: boolean },
  ) {}

  /** Throws 400 weak_password with a safe description (never the password). */
  assertAcceptablePassword(password: string, contextWords: readonly string[]): void {
    const problem = checkPassword(password, contextWords);
    if (problem) {
      throw new IdentityError('ERR_IDENTITY_WEAK_PASSWORD', { detail: describePasswordProblem(problem) });
    }
  }

  /**
   * Creates an account. An address that is already registered gets the same answer (a fresh id
   * that is never stored) after the same hashing work: registration must not tell who has an
   * account. The owner of the address is told through the outbox instead. `origin` (here and
   * below): the request the events belong to, if any (none for an operator's command).
   */
  async register(
    input: { email: string; password: string; displayName: string },
    role: UserRole = 'free-user',
    options: { readonly verified?: boolean } = {},
    origin?: RequestOrigin,
  ): Promise<PublicUser> {
    const email = normaliseEmail(input.email);
    if (!email) throw new IdentityError('ERR_IDENTITY_INVALID_EMAIL');
    // Checked before any hashing: a refused name must not cost an Argon2 hash.
    const displayName = acceptableDisplayName(input.displayName);
    if (displayName === undefined) {
      throw new IdentityError('ERR_IDENTITY_INVALID_DISPLAY_NAME', { detail: 'displayName must be 1 to 100 visible characters without control characters' });
    }
    this.assertAcceptablePassword(input.password, [email.split('@')[0] ?? '', displayName]);
    const passwordHash = await this.hasher.hash(input.password);
    const id = randomUUID();
    const created = await this.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('users')
        .values({ id, email, display_name: displayName, role, created_at: new Date(this.now()), email_verified_at: options.verified ? new Date(this.now()) : null })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return false;
      await tx.insertInto('credentials').values({ user_id: id, password_hash: passwordHash }).execute();
      if (!options.verified && this.verification?.required) await this.verification.emails.issue(tx, id, email);
      return true;
    });
    if (created) {
      await this.events.record('user_created', { ...origin, userId: id, detail: { role } });
    } else {
      await this.#notifyExistingAccount(email);
    }
    return { id, email, displayName, role };
  }

  /** Password (and TOTP) login. Every failure costs one Argon2 verification. */
  async login(emailInput: unknown, password: string, totp: unknown, origin?: RequestOrigin): Promise<LoginOutcome> {
    const email = normaliseEmail(emailInput);
    const row = email
      ? await this.db
          .selectFrom('users')
          .innerJoin('credentials', 'credentials.user_id', 'users.id')
          .select(['users.id', 'users.email', 'users.display_name', 'users.role', 'users.locked_at', 'users.email_verified_at', 'credentials.password_hash'])
          .where('users.email', '=', email)
          .executeTakeFirst()
      : undefined;
    if (!row) {
      // Same work as for a real account: the lockout read and one Argon2 verification.
      await this.lockout.get(randomUUID());
      await this.hasher.verifyDummy(password);
      await this.events.record('authn_login_fail', { ...origin, detail: { reason: 'unknown_email' } });
      return { ok: false, reason: 'unknown_email' };
    }
    const now = this.now();
    const passwordOk = await this.hasher.verify(row.password_hash, password);
    // Read after the verification: attempts that were waiting for a hashing slot while the
    // account got locked are refused too, not answered on the state from before they waited.
    const lock = await this.lockout.get(row.id);
    if (row.locked_at !== null || lock.lockedUntil > now) {
      const reason = row.locked_at !== null ? 'operator_locked' : 'locked_out';
      await this.events.record('authn_login_fail', { ...origin, userId: row.id, detail: { reason } });
      return { ok: false, reason };
    }
    if (!passwordOk) return this.#fail(row.id, 'wrong_password', now, origin);
    const mfa = await this.mfa.check(row.id, totp, origin);
    // A right password without the TOTP of an MFA account is an ordinary failure (same body,
    // counted): answering "MFA required" would confirm the password to a credential stuffer.
    if (mfa === 'required') return this.#fail(row.id, 'missing_totp', now, origin);
    if (mfa === 'wrong') return this.#fail(row.id, 'wrong_totp', now, origin);
    // Until the owner proved the address is theirs, the same 401 as a wrong password (not counted:
    // nobody is guessing): registering then logging in must not tell whether an address was taken.
    if (this.verification?.required && row.email_verified_at === null) {
      await this.events.record('authn_login_fail', { ...origin, userId: row.id, detail: { reason: 'unverified_email' } });
      return { ok: false, reason: 'unverified_email' };
    }

    // The hash was read before waiting for a hashing slot: a password reset that finished in the
    // meantime must not let the old password open a session. Checked again, with a lock, when the
    // session is created (RefreshSessions.start).
    if ((await this.#storedHash(row.id)) !== row.password_hash) {
      await this.events.record('authn_login_fail', { ...origin, userId: row.id, detail: { reason: 'credential_changed' } });
      return { ok: false, reason: 'credential_changed' };
    }
    await this.lockout.reset(row.id);
    let stored = row.password_hash;
    if (this.hasher.needsRehash(row.password_hash)) {
      const upgraded = await this.hasher.hash(password);
      const updated = await this.db
        .updateTable('credentials')
        .set({ password_hash: upgraded, updated_at: new Date(now) })
        .where('user_id', '=', row.id)
        .where('password_hash', '=', row.password_hash)
        .returning('password_hash')
        .executeTakeFirst();
      if (updated) stored = upgraded;
    }
    await this.events.record('authn_login_success', { ...origin, userId: row.id });
    return {
      ok: true,
      user: { id: row.id, email: row.email, displayName: row.display_name, role: row.role, credentialVersion: credentialVersionOf(stored) },
    };
  }

  async findById(id: string): Promise<(PublicUser & { readonly locked: boolean }) | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'role', 'locked_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { id: row.id, email: row.email, displayName: row.display_name, role: row.role, locked: row.locked_at !== null };
  }

  async findIdByEmail(emailInput: unknown): Promise<string | undefined> {
    const email = normaliseEmail(emailInput);
    if (!email) return undefined;
    const row = await this.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    return row?.id;
  }

  /** Operator lock (`rampart users lock`): refuses logins and refreshes until unlocked. The
   * caller revokes sessions and tokens. Returns the user id, or undefined when unknown. */
  async setOperatorLock(emailInput: unknown, locked: boolean): Promise<string | undefined> {
    const id = await this.findIdByEmail(emailInput);
    if (!id) return undefined;
    await this.db.updateTable('users').set({ locked_at: locked ? new Date(this.now()) : null }).where('id', '=', id).execute();
    if (!locked) await this.lockout.reset(id);
    await this.events.record('user_updated', { userId: id, detail: { change: locked ? 'locked' : 'unlocked' } });
    return id;
  }

  /** Sets the user's role (an operator's decision); the previous role, or undefined for no such
   * user. A change is a `privilege_changed` event (from, to); the same role changes nothing. */
  async setRole(emailInput: unknown, role: UserRole): Promise<{ id: string; previous: UserRole } | undefined> {
    const id = await this.findIdByEmail(emailInput);
    if (!id) return undefined;
    const row = await this.db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirstOrThrow();
    const previous = row.role as UserRole;
    if (previous === role) return { id, previous };
    await this.db.updateTable('users').set({ role }).where('id', '=', id).execute();
    await this.events.record('privilege_changed', { userId: id, detail: { from: previous, to: role } });
    return { id, previous };
  }

  /** Checks the signed-in user's current password, as sensitive operations (password change,
   * MFA enrolment and activation) require: a stolen access token alone is not enough. A wrong
   * password counts towards the lockout like a failed login, so the token cannot brute-force it;
   * a locked account is refused whatever the password. */
  async confirmPassword(userId: string, password: string, origin?: RequestOrigin): Promise<boolean> {
    const row = await this.db
      .selectFrom('users')
      .innerJoin('credentials', 'credentials.user_id', 'users.id')
      .select(['users.locked_at', 'credentials.password_hash'])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    if (!row) return false;
    const ok = await this.hasher.verify(row.password_hash, password);
    // Read after the verification, as in login: attempts that waited for a hashing slot while
    // the account got locked are refused too.
    const now = this.now();
    const lock = await this.lockout.get(userId);
    if (row.locked_at !== null || lock.lockedUntil > now) return false;
    if (!ok) {
      await this.#fail(userId, 'wrong_password', now, origin);
      return false;
    }
    await this.lockout.reset(userId);
    return true;
  }

  /** Password change by the signed-in user: the current password is confirmed first. The caller
   * revokes every session afterwards. */
  async changePassword(userId: string, currentPassword: string, newPassword: string, origin?: RequestOrigin): Promise<boolean> {
    const row = await this.db.selectFrom('users').select(['email', 'display_name']).where('id', '=', userId).executeTakeFirst();
    if (!row) return false;
    this.assertAcceptablePassword(newPassword, [row.email.split('@')[0] ?? '', row.display_name]);
    if (!(await this.confirmPassword(userId, currentPassword, origin))) return false;
    await this.setPassword(userId, newPassword);
    await this.events.record('authn_password_change', { ...origin, userId, detail: { via: 'change' } });
    return true;
  }

  async setPassword(userId: string, password: string): Promise<void> {
    const hash = await this.hasher.hash(password);
    await this.db.updateTable('credentials').set({ password_hash: hash, updated_at: new Date(this.now()) }).where('user_id', '=', userId).execute();
  }

  async #storedHash(userId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('credentials').select('password_hash').where('user_id', '=', userId).executeTakeFirst();
    return row?.password_hash;
  }

  async #fail(userId: string, reason: LoginFailure, now: number, origin: RequestOrigin | undefined): Promise<LoginOutcome> {
    const state = await this.lockout.recordFailure(userId, now, LOCKOUT_THRESHOLD, LOCKOUT_DURATION_MS);
    await this.events.record('authn_login_fail', { ...origin, userId, detail: { reason } });
    if (state.lockedUntil > now && state.consecutiveFailures === 0) {
      await this.events.record('authn_login_lock', { ...origin, userId, detail: { until: new Date(state.lockedUntil).toISOString() } });
    }
    return { ok: false, reason };
  }

  async #notifyExistingAccount(email: string): Promise<void> {
    // Capped per recipient (mail bombing through repeated registrations).
    await queueMail(this.db, { id: randomUUID(), kind: 'account_notice', topic: 'registration_attempt_for_existing_account', recipient: email, payload: {} }, this.now());
  }
}
