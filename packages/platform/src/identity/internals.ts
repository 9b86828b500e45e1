// The parts of a created Identity (accounts, sessions, keys, ...), for tests and nothing else:
// the Identity interface the routes and the CLI get carries the operations only.
import type { Accounts } from './accounts/accounts.js';
import type { AdminOperations } from './admin.js';
import type { IdentitySettings } from './config.js';
import type { SigningKeys } from './keys/signing-keys.js';
import type { MfaService } from './mfa/mfa-service.js';
import type { IdentityOperations, TokenPair } from './operations.js';
import type { PasswordReset } from './reset/password-reset.js';
import type { RefreshSessions } from './sessions/refresh-sessions.js';
import type { RevocationStore } from './state/types.js';
import type { AccessTokens } from './tokens/access-tokens.js';
import type { IdentityBearerVerifier } from './tokens/bearer-verifier.js';
import type { EmailVerification } from './verify/email-verification.js';

export interface IdentityParts {
  readonly settings: IdentitySettings;
  /** The verifier before the HTTP edge: refusals are IdentityErrors. */
  readonly verifier: IdentityBearerVerifier;
  readonly accounts: Accounts;
  readonly sessions: RefreshSessions;
  readonly passwordReset: PasswordReset;
  readonly emailVerification: EmailVerification;
  readonly mfa: MfaService;
  readonly keys: SigningKeys;
  readonly tokens: AccessTokens;
  readonly revocations: RevocationStore;
  readonly admin: AdminOperations;
  readonly operations: IdentityOperations;
}

export interface IdentityInternals extends IdentityParts {
  /** A fresh session for an existing user id. */
  issueTokensFor(userId: string): Promise<TokenPair>;
  startSession: IdentityOperations['startSession'];
}

const internals = new WeakMap<object, IdentityInternals>();

export function registerInternals(identity: object, parts: IdentityParts): void {
  internals.set(identity, {
    ...parts,
    startSession: (user) => parts.operations.startSession(user),
    async issueTokensFor(userId) {
      const user = await parts.accounts.findById(userId);
      if (!user) throw new Error(`no user ${userId}`);
      return parts.operations.startSession(user);
    },
  });
}

/** The parts of an Identity made by createIdentity (throws for anything else). */
export function internalsOf(identity: object): IdentityInternals {
  const found = internals.get(identity);
  if (!found) throw new Error('not an Identity made by createIdentity');
  return found;
}
