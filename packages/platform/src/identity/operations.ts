// What the routes ask of identity, one method per operation, with the business rules inside:
// the issuer check (an external IdP's caller has no local account to change), the password
// confirmation before MFA changes, every session ending after a password change, a login racing
// a password reset opening nothing. Refusals are IdentityErrors (errors/identity-error.ts);
// nothing here knows HTTP. Each operation takes the RequestOrigin of the request it serves (a
// required first parameter, so that no route can forget it) and threads it down to every
// security event it causes.
import type { JWK } from 'jose';
import type { Accounts, PublicUser } from './accounts/accounts.js';
import type { UserRole } from '../db/schema/identity.js';
import type { RequestOrigin } from '../security-events/index.js';
import { IdentityError } from '../errors/index.js';
import type { MfaService } from './mfa/mfa-service.js';
import type { TotpEnrolment } from './mfa/totp.js';
import type { PasswordReset } from './reset/password-reset.js';
import { RefreshRotationError, StaleCredentialError, type RefreshGrant, type RefreshSessions } from './sessions/refresh-sessions.js';
import type { SigningKeys } from './keys/signing-keys.js';
import type { AccessTokens } from './tokens/access-tokens.js';
import type { RevocationStore } from './state/types.js';
import type { EmailVerification } from './verify/email-verification.js';

export interface TokenPair {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly refreshToken: string;
}

/** Who is asking, as the verified token says. */
export interface Caller {
  readonly subject: string;
  readonly issuer?: string | undefined;
  /** The token's session (`sid`), when it has one. */
  readonly sessionId?: string | undefined;
}

export interface Registration {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
}

/** The parts the operations act on (createIdentity wires them). */
export interface OperationParts {
  readonly issuer: string;
  readonly accounts: Accounts;
  readonly sessions: RefreshSessions;
  readonly passwordReset: PasswordReset;
  readonly emailVerification: EmailVerification;
  readonly mfa: MfaService;
  readonly keys: SigningKeys;
  readonly tokens: AccessTokens;
  readonly revocations: RevocationStore;
}

const invalidCredentials = (cause?: unknown) => new IdentityError('ERR_IDENTITY_INVALID_CREDENTIALS', cause === undefined ? {} : { cause });

export class IdentityOperations {
  constructor(private readonly parts: OperationParts) {}

  register(origin: RequestOrigin, input: Registration): Promise<PublicUser> {
    return this.parts.accounts.register(input, 'free-user', {}, origin);
  }

  /** A token pair for the right email, password (and TOTP when MFA is on); one refusal for every
   * wrong part, with the reason as the cause (logged only). */
  async login(origin: RequestOrigin, email: string, password: string, totp?: string): Promise<TokenPair> {
    const outcome = await this.parts.accounts.login(email, password, totp, origin);
    if (!outcome.ok) throw invalidCredentials({ loginFailure: outcome.reason });
    try {
      return await this.startSession(outcome.user, origin);
    } catch (error) {
      // A password reset finished while this login waited: the old password opens nothing.
      if (error instanceof StaleCredentialError) throw invalidCredentials({ loginFailure: 'credential_changed' });
      throw error;
    }
  }

  /** Rotates a refresh token into a new pair; the role is read again, so a change of role takes
   * effect at the next refresh. */
  async refresh(origin: RequestOrigin, refreshToken: unknown): Promise<TokenPair> {
    let grant: RefreshGrant;
    try {
      grant = await this.parts.sessions.rotate(refreshToken, origin);
    } catch (error) {
      if (error instanceof RefreshRotationError) throw new IdentityError('ERR_IDENTITY_INVALID_REFRESH_TOKEN', { cause: { refreshFailure: error.reason } });
      throw error;
    }
    const user = await this.parts.accounts.findById(grant.userId);
    return this.pair(grant, user?.role ?? 'free-user');
  }

  /** Ends the caller's session and the one of the refresh token presented with it, if any. */
  async logout(origin: RequestOrigin, caller: Caller, refreshToken?: string): Promise<void> {
    if (caller.sessionId !== undefined) await this.parts.sessions.revokeSession(caller.subject, caller.sessionId, 'logout', origin);
    if (refreshToken) await this.parts.sessions.revokeByToken(refreshToken, 'logout', origin);
  }

  /** Every session ends, the caller's own included: the client logs in again with the new password. */
  async changePassword(origin: RequestOrigin, caller: Caller, currentPassword: string, newPassword: string): Promise<void> {
    const user = this.#ownAccountId(caller);
    if (!(await this.parts.accounts.changePassword(user, currentPassword, newPassword, origin))) throw invalidCredentials();
    await this.parts.sessions.revokeAll(user, 'password_change', origin);
  }

  /** Never tells whether the account exists (the caller answers before this settles; the
   * events still carry the origin of the request that asked). */
  requestPasswordReset(origin: RequestOrigin, email: string): Promise<void> {
    return this.parts.passwordReset.request(email, origin);
  }

  confirmPasswordReset(origin: RequestOrigin, token: unknown, newPassword: string): Promise<void> {
    return this.parts.passwordReset.confirm(token, newPassword, origin);
  }

  confirmEmail(origin: RequestOrigin, token: unknown): Promise<void> {
    return this.parts.emailVerification.confirm(token, origin);
  }

  /** A stolen access token alone cannot bind MFA to the thief's authenticator: the password first. */
  async enrolMfa(origin: RequestOrigin, caller: Caller, password: string): Promise<TotpEnrolment> {
    const user = await this.#confirmedOwnAccount(origin, caller, password);
    return this.parts.mfa.enrol(user.id, user.email, origin);
  }

  async activateMfa(origin: RequestOrigin, caller: Caller, password: string, totp: string): Promise<string[]> {
    const user = await this.#confirmedOwnAccount(origin, caller, password);
    return this.parts.mfa.activate(user.id, totp, origin);
  }

  /** The public halves of the signing keys that may still verify. */
  jwks(): { keys: JWK[] } {
    return this.parts.keys.jwks();
  }

  /** Pass the login's `credentialVersion`: the session then begins only while that credential
   * is current (StaleCredentialError otherwise). No origin: a session some test or tool opens. */
  async startSession(user: { readonly id: string; readonly role: UserRole; readonly credentialVersion?: string }, origin?: RequestOrigin): Promise<TokenPair> {
    return this.pair(await this.parts.sessions.start(user.id, user.credentialVersion, origin), user.role);
  }

  async pair(grant: RefreshGrant, role: UserRole): Promise<TokenPair> {
    const notBefore = await this.parts.revocations.notBefore(grant.userId);
    const access = await this.parts.tokens.issue(grant.userId, role, notBefore, grant.sessionId);
    return { accessToken: access.token, tokenType: 'Bearer', expiresIn: access.expiresIn, refreshToken: grant.token };
  }

  /** Only our own tokens name a local account: an external IdP's user has none here. */
  #ownAccountId(caller: Caller): string {
    if (caller.issuer !== this.parts.issuer) throw new IdentityError('ERR_IDENTITY_NO_LOCAL_ACCOUNT');
    return caller.subject;
  }

  async #confirmedOwnAccount(origin: RequestOrigin, caller: Caller, password: string): Promise<PublicUser> {
    const user = await this.parts.accounts.findById(this.#ownAccountId(caller));
    if (!user) throw new IdentityError('ERR_IDENTITY_NO_LOCAL_ACCOUNT');
    if (!(await this.parts.accounts.confirmPassword(user.id, password, origin))) throw invalidCredentials();
    return user;
  }
}
