// Operator actions behind `rampart users add|lock|unlock|list`, `rampart sessions revoke` and
// `rampart keys rotate`. Run in the
// server process (through the control channel) or directly against the database when no server
// is running; either way the same code.
import { OperatorError } from '../errors/index.js';
import type { UserRole } from '../db/schema/identity.js';
import type { Accounts, PublicUser } from './accounts/accounts.js';
import type { ListedUser, OperatorDirectory } from './accounts/operator-directory.js';
import type { MfaService } from './mfa/mfa-service.js';
import type { EmailVerification } from './verify/email-verification.js';
import type { RefreshSessions } from './sessions/refresh-sessions.js';
import { isRole } from './roles.js';

export class AdminOperations {
  constructor(
    private readonly accounts: Accounts,
    private readonly sessions: RefreshSessions,
    private readonly mfa: MfaService,
    private readonly emails: EmailVerification,
    private readonly directory: OperatorDirectory,
  ) {}

  async addUser(email: string, role: string, password: string, displayName?: string): Promise<PublicUser> {
    // The operator typed the role: naming it back is safe here (never sent over HTTP).
    if (!isRole(role)) throw new OperatorError('ERR_OPERATOR_UNKNOWN_ROLE', { detail: `unknown role "${role.slice(0, 40)}"; use free-user, paid-individual or admin` });
    if (await this.accounts.findIdByEmail(email)) throw new OperatorError('ERR_OPERATOR_EMAIL_TAKEN');
    // A weak password or a bad address or name is identity's own refusal (IdentityError).
    return this.accounts.register(
      { email, password, displayName: displayName ?? email.split('@')[0] ?? email },
      role as UserRole,
      // An operator vouches for the address.
      { verified: true },
    );
  }

  /** Locks the account and revokes every session and access token of it at once. */
  async lock(email: string): Promise<string> {
    const id = await this.accounts.setOperatorLock(email, true);
    if (!id) throw new OperatorError('ERR_OPERATOR_NO_SUCH_USER');
    await this.sessions.revokeAll(id, 'operator_lock');
    await this.directory.recordAdminAction('users_lock', { user: id });
    return id;
  }

  /** Gives the account another role. Its sessions end (their access tokens carry the old
   * role's scopes), so the next login has the new scopes: a demotion takes effect at once. */
  async setRole(email: string, role: string): Promise<{ id: string; previous: UserRole; changed: boolean }> {
    if (!isRole(role)) throw new OperatorError('ERR_OPERATOR_UNKNOWN_ROLE', { detail: `unknown role "${role.slice(0, 40)}"; use free-user, paid-individual or admin` });
    const result = await this.accounts.setRole(email, role);
    if (!result) throw new OperatorError('ERR_OPERATOR_NO_SUCH_USER');
    const changed = result.previous !== role;
    if (changed) await this.sessions.revokeAll(result.id, 'role_change');
    await this.directory.recordAdminAction('users_role', { role, previous: result.previous, changed });
    return { ...result, changed };
  }

  async unlock(email: string): Promise<string> {
    const id = await this.accounts.setOperatorLock(email, false);
    if (!id) throw new OperatorError('ERR_OPERATOR_NO_SUCH_USER');
    await this.directory.recordAdminAction('users_unlock', { user: id });
    return id;
  }

  /** Operator recovery for an owner who lost their authenticator and recovery codes (after
   * checking who they are out of band): MFA off, recovery codes spent, every session revoked,
   * the owner told by mail. They enrol again after their next login. */
  async resetMfa(email: string): Promise<string> {
    const id = await this.accounts.findIdByEmail(email);
    if (!id) throw new OperatorError('ERR_OPERATOR_NO_SUCH_USER');
    if (!(await this.mfa.reset(id))) throw new OperatorError('ERR_OPERATOR_NO_MFA');
    await this.sessions.revokeAll(id, 'mfa_reset');
    return id;
  }

  /** Marks an address verified by hand (the owner proved it another way). */
  async verifyEmail(email: string): Promise<string> {
    const id = await this.accounts.findIdByEmail(email);
    if (!id) throw new OperatorError('ERR_OPERATOR_NO_SUCH_USER');
    await this.emails.markVerified(id);
    return id;
  }

  /** `rampart sessions revoke --user E`: every session and access token of the user ends at once
   * (on every instance, through the revocation marks); the account stays usable. */
  async revokeSessions(email: string): Promise<string> {
    const id = await this.accounts.findIdByEmail(email);
    if (!id) throw new OperatorError('ERR_OPERATOR_NO_SUCH_USER');
    await this.sessions.revokeAll(id, 'operator_revoke');
    await this.directory.recordAdminAction('sessions_revoke', { user: id });
    return id;
  }

  /** `rampart sessions revoke --all`: everyone logs in again. Returns how many users. */
  async revokeEverySession(): Promise<number> {
    let users = 0;
    for await (const id of this.directory.allUserIds()) {
      await this.sessions.revokeAll(id, 'operator_revoke_all');
      users += 1;
    }
    await this.directory.recordAdminAction('sessions_revoke_all', { users });
    return users;
  }

  /** `rampart users list [--locked]`. */
  async listUsers(onlyLocked: boolean): Promise<ListedUser[]> {
    const users = await this.directory.list(onlyLocked);
    await this.directory.recordAdminAction('users_list', { locked: onlyLocked, users: users.length });
    return users;
  }
}
