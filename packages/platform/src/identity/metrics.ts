// Identity's metrics, in the platform's registry, read when Prometheus scrapes: the Argon2
// slots (work running, waiting, refused), the age of the signing key that signs new tokens, and
// bearer-token verifications by outcome. The labels are fixed sets, never a user or a token.
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Principal } from '@rampart/guard';
import { IdentityError, StorageUnavailableError } from '../errors/index.js';
import type { HashingSlots } from './passwords/hashing-slots.js';
import type { SigningKeys } from './keys/signing-keys.js';
import { TokenRejectedError } from './tokens/token-errors.js';

export interface IdentityMetricSources {
  readonly slots: HashingSlots;
  readonly keys: SigningKeys;
  now(): number;
}

export function registerIdentityMetrics(registry: Registry, sources: IdentityMetricSources): void {
  const { slots, keys, now } = sources;
  new Gauge({
    name: 'rampart_password_hash_queue_depth',
    help: 'Password hashes waiting for an Argon2 slot',
    registers: [registry],
    collect() {
      this.set(slots.load.waiting);
    },
  });
  new Gauge({
    name: 'rampart_password_hash_running',
    help: 'Password hashes running now (at most the slot count)',
    registers: [registry],
    collect() {
      this.set(slots.load.running);
    },
  });
  new Counter({
    name: 'rampart_password_hash_refusals_total',
    help: 'Password hashes refused (503) because too many were in flight',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(slots.refused);
    },
  });
  new Gauge({
    name: 'rampart_signing_key_age_seconds',
    help: 'Age of the key that signs new access tokens',
    registers: [registry],
    collect() {
      this.set(Math.max(0, (now() - keys.current().createdAt) / 1000));
    },
  });
}

/** Outcomes of a bearer-token verification: a fixed set. */
export const VERIFICATION_OUTCOMES = ['valid', 'expired', 'revoked', 'invalid', 'unavailable'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

function outcomeOf(error: unknown): VerificationOutcome {
  if (error instanceof StorageUnavailableError) return 'unavailable';
  if (!(error instanceof IdentityError) || error.code !== 'ERR_IDENTITY_INVALID_ACCESS_TOKEN') return 'unavailable';
  const reason = error.cause instanceof TokenRejectedError ? error.cause.reason : undefined;
  return reason === 'expired' || reason === 'revoked' ? reason : 'invalid';
}

/** `verifier` with each verification counted in rampart_token_verifications_total{outcome}. */
export function countVerifications<V extends { verify(token: string): Promise<Principal> }>(
  registry: Registry,
  verifier: V,
): { verify(token: string): Promise<Principal> } {
  const counter = new Counter({
    name: 'rampart_token_verifications_total',
    help: 'Bearer-token verifications by outcome: valid, expired, revoked, invalid, unavailable (could not check)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  // Children looked up once (verification is on every authenticated request's path); each
  // outcome shows from the start, at 0.
  for (const outcome of VERIFICATION_OUTCOMES) counter.inc({ outcome }, 0);
  const children = new Map(VERIFICATION_OUTCOMES.map((outcome) => [outcome, counter.labels({ outcome })]));
  const count = (outcome: VerificationOutcome): void => children.get(outcome)?.inc();
  return {
    async verify(token) {
      try {
        const principal = await verifier.verify(token);
        count('valid');
        return principal;
      } catch (error) {
        count(outcomeOf(error));
        throw error;
      }
    },
  };
}
