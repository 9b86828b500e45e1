// The small pieces of identity state that must be shared by every instance of the server:
// per-user revocation marks, lockout counters and TOTP replay marks. Each sits behind an
// interface with a database and an in-process implementation, so that a shared store (Redis)
// can plug in without touching the identity logic.

/** Per-user "not before" (seconds; access tokens whose `iat` is earlier are refused), locked
 * accounts, and revoked sessions (refresh families; access tokens carry their `sid`). */
export interface RevocationStore {
  /** The user's mark in epoch seconds, 0 when none. */
  notBefore(userId: string): Promise<number>;
  /** True when a token of `userId` issued at `issuedAtSeconds` (for session `sessionId`) must be
   * refused: before the user's mark, user locked or unknown, or session revoked. */
  isRevoked(userId: string, issuedAtSeconds: number, sessionId?: string): Promise<boolean>;
  /** Raises the user's mark to `seconds` (never lowers it). */
  revokeBefore(userId: string, seconds: number): Promise<void>;
  /** Revokes one session (refresh family) and the access tokens issued for it. */
  revokeSession(sessionId: string, reason: string): Promise<void>;
  /** Forgets cached answers (another process changed something). */
  invalidate(): void;
}

export interface LockoutState {
  /** Epoch ms until which the account is locked, or 0. */
  readonly lockedUntil: number;
  readonly consecutiveFailures: number;
}

/** Consecutive failed logins per account. */
export interface LockoutStore {
  get(userId: string): Promise<LockoutState>;
  /** Counts one failure; at `threshold` consecutive failures locks until `now + durationMs` and
   * starts counting again from zero. Returns the new state. */
  recordFailure(userId: string, now: number, threshold: number, durationMs: number): Promise<LockoutState>;
  /** A successful login (or an operator unlock): back to zero, unlocked. */
  reset(userId: string): Promise<void>;
}

/** Last accepted TOTP time step per user: a code is accepted once. */
export interface TotpReplayStore {
  /** Records `timeStep` when it is later than the last accepted one; false means replay. */
  claim(userId: string, timeStep: number): Promise<boolean>;
}

/** Local user ids are UUIDs; anything else never reaches a query. */
export const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
