// The parts of a created Identity (accounts, sessions, keys, ...), for tests and nothing else:
// the Identity interface the routes and the CLI get carries the operations only.
import type { AdminOperations } from './admin.js';
import type { IdentitySettings } from './config.js';
import type { IdentityOperations, OperationParts, TokenPair } from './operations.js';
import type { IdentityBearerVerifier } from './tokens/bearer-verifier.js';

export interface IdentityParts extends Omit<OperationParts, 'issuer'> {
  readonly settings: IdentitySettings;
  /** The verifier before the HTTP edge: refusals are IdentityErrors. */
  readonly verifier: IdentityBearerVerifier;
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
    startSession: (user, origin) => parts.operations.startSession(user, origin),
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
