// In-process implementations of the identity state stores (one instance, or tests).
import type { LockoutState, LockoutStore, RevocationStore, TotpReplayStore } from './types.js';

export class MemoryRevocationStore implements RevocationStore {
  readonly #marks = new Map<string, number>();
  readonly #revokedSessions = new Set<string>();
  notBefore(userId: string): Promise<number> {
    return Promise.resolve(this.#marks.get(userId) ?? 0);
  }
  isRevoked(userId: string, issuedAtSeconds: number, sessionId?: string): Promise<boolean> {
    const mark = this.#marks.get(userId) ?? 0;
    return Promise.resolve(issuedAtSeconds < mark || (sessionId !== undefined && this.#revokedSessions.has(sessionId)));
  }
  revokeBefore(userId: string, seconds: number): Promise<void> {
    this.#marks.set(userId, Math.max(this.#marks.get(userId) ?? 0, seconds));
    return Promise.resolve();
  }
  revokeSession(sessionId: string): Promise<void> {
    this.#revokedSessions.add(sessionId);
    return Promise.resolve();
  }
  invalidate(): void {}
}

export class MemoryLockoutStore implements LockoutStore {
  readonly #states = new Map<string, LockoutState>();
  get(userId: string): Promise<LockoutState> {
    return Promise.resolve(this.#states.get(userId) ?? { lockedUntil: 0, consecutiveFailures: 0 });
  }
  async recordFailure(userId: string, now: number, threshold: number, durationMs: number): Promise<LockoutState> {
    const previous = await this.get(userId);
    const failures = previous.consecutiveFailures + 1;
    const next =
      failures >= threshold
        ? { lockedUntil: now + durationMs, consecutiveFailures: 0 }
        : { lockedUntil: previous.lockedUntil, consecutiveFailures: failures };
    this.#states.set(userId, next);
    return next;
  }
  reset(userId: string): Promise<void> {
    this.#states.delete(userId);
    return Promise.resolve();
  }
}

export class MemoryTotpReplayStore implements TotpReplayStore {
  readonly #last = new Map<string, number>();
  claim(userId: string, timeStep: number): Promise<boolean> {
    const last = this.#last.get(userId);
    if (last !== undefined && timeStep <= last) return Promise.resolve(false);
    this.#last.set(userId, timeStep);
    return Promise.resolve(true);
  }
}
