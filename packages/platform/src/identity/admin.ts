// Operator actions behind `rampart users add|lock|unlock` and `rampart keys rotate`. Run in the
// server process (through the control channel) or directly against the database when no server
// is running; either way the same code.
import { GuardError } from '@rampart/guard';
import type { UserRole } from '../db/schema/identity.js';
import type { Accounts, PublicUser } from './accounts/accounts.js';
import type { MfaService } from './mfa/mfa-service.js';
import type { EmailVerification } from './verify/email-verification.js';
import type { RefreshSessions } from './sessions/refresh-sessions.js';
import { isRole } from './roles.js';

export class AdminOperationError extends Error {
  override readonly name = 'AdminOperationError';
}

export class AdminOperations {
  constructor(
    private readonly accounts: Accounts,
    private readonly sessions: RefreshSessions,
    private readonly mfa: MfaService,
    private readonly emails: EmailVerification,
  ) {}

  async addUser(email: string, role: string, password: string, displayName?: string): Promise<PublicUser> {
    if (!isRole(role)) throw new AdminOperationError(`unknown role "${role}"; use free-user, paid-individual or admin`);
    if (await this.accounts.findIdByEmail(email)) throw new AdminOperationError('a user with this email already exists');
    try {
      return await this.accounts.register(
        { email, password, displayName: displayName ?? email.split('@')[0] ?? email },
        role as UserRole,
        // An operator vouches for the address.
        { verified: true },
      );
    } catch (error) {
      if (error instanceof GuardError) throw new AdminOperationError(error.detail ?? error.message.replace(/^RAMPART_ERR_\w+: /, ''));
      throw error;
    }
  }

  /** Locks the account and revokes every session and access token of it at once. */
  async lock(email: string): Promise<string> {
    const id = await this.accounts.setOperatorLock(email, true);
    if (!id) throw new AdminOperationError('no user with this email');
    await this.sessions.revokeAll(id, 'operator_lock');
    return id;
  }

  async unlock(email: string): Promise<string> {
    const id = await this.accounts.setOperatorLock(email, false);
    if (!id) throw new AdminOperationError('no user with this email');
    return id;
  }

  /** Operator recovery for an owner who lost their authenticator and recovery codes (after
   * checking who they are out of band): MFA off, recovery codes spent, every session revoked,
   * the owner told by mail. They enrol again after their next login. */
  async resetMfa(email: string): Promise<string> {
    const id = await this.accounts.findIdByEmail(email);
    if (!id) throw new AdminOperationError('no user with this email');
    if (!(await this.mfa.reset(id))) throw new AdminOperationError('this user has no MFA to reset');
    await this.sessions.revokeAll(id, 'mfa_reset');
    return id;
  }

  /** Marks an address verified by hand (the owner proved it another way). */
  async verifyEmail(email: string): Promise<string> {
    const id = await this.accounts.findIdByEmail(email);
    if (!id) throw new AdminOperationError('no user with this email');
    await this.emails.markVerified(id);
    return id;
  }
}
