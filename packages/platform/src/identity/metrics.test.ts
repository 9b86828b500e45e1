// Identity's metrics on the real parts: Argon2 slots, signing keys in a temporary directory,
// access tokens verified by the real verifier (a revocation store in memory).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../errors/index.js';
import { createKeyFile, SigningKeys } from './keys/signing-keys.js';
import { countVerifications, registerIdentityMetrics } from './metrics.js';
import { HashingSlots } from './passwords/hashing-slots.js';
import { MemoryRevocationStore } from './state/memory.js';
import { AccessTokens } from './tokens/access-tokens.js';
import { IdentityBearerVerifier } from './tokens/bearer-verifier.js';

const DAY_MS = 86_400_000;
const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

async function keysAt(now: () => number): Promise<{ keys: SigningKeys; directory: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'rampart-identity-metrics-'));
  directories.push(directory);
  const keys = await SigningKeys.open({ directory, now, retiredKeyGraceMs: 60_000 });
  return { keys, directory };
}

/** The value of one sample line of the registry's text, or undefined. */
async function sample(registry: Registry, line: string): Promise<number | undefined> {
  const match = (await registry.metrics()).split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return match === undefined ? undefined : Number(match.slice(line.length + 1));
}

describe('identity metrics', () => {
  it('reports Argon2 work running and waiting, and counts each refusal', async () => {
    const clock = Date.now();
    const { keys } = await keysAt(() => clock);
    const registry = new Registry();
    const slots = new HashingSlots({ concurrency: 1, maxQueue: 2 });
    registerIdentityMetrics(registry, { slots, keys, now: () => clock });
    expect(await sample(registry, 'rampart_password_hash_refusals_total')).toBe(0);

    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const runs = Array.from({ length: 3 }, () => slots.run(() => held));
    await Promise.resolve();
    expect(await sample(registry, 'rampart_password_hash_running')).toBe(1);
    expect(await sample(registry, 'rampart_password_hash_queue_depth')).toBe(2);
    // Queue full: two refusals, counted.
    await expect(slots.run(() => Promise.resolve())).rejects.toMatchObject({ code: 'ERR_IDENTITY_BUSY' });
    await expect(slots.run(() => Promise.resolve())).rejects.toMatchObject({ code: 'ERR_IDENTITY_BUSY' });
    expect(await sample(registry, 'rampart_password_hash_refusals_total')).toBe(2);
    release();
    await Promise.all(runs);
    expect(await sample(registry, 'rampart_password_hash_queue_depth')).toBe(0);
    expect(await sample(registry, 'rampart_password_hash_refusals_total')).toBe(2);
  });

  it('reports the age of the key that signs new tokens at scrape time, and a rotation resets it', async () => {
    let clock = Date.now();
    const { keys, directory } = await keysAt(() => clock);
    const registry = new Registry();
    registerIdentityMetrics(registry, { slots: new HashingSlots(), keys, now: () => clock });
    expect(await sample(registry, 'rampart_signing_key_age_seconds')).toBeLessThan(1);
    clock += 91 * DAY_MS;
    expect(await sample(registry, 'rampart_signing_key_age_seconds')).toBeCloseTo(91 * 86_400, 0);
    await createKeyFile(directory, clock);
    await keys.reload();
    expect(await sample(registry, 'rampart_signing_key_age_seconds')).toBe(0);
  });

  it('counts verifications by a fixed set of outcomes', async () => {
    let clock = Date.now();
    const { keys } = await keysAt(() => clock);
    const revocations = new MemoryRevocationStore();
    const tokens = new AccessTokens(keys, { issuer: 'https://id.example.test', audience: 'rampart', ttlSeconds: 60, clockToleranceSeconds: 0 }, () => clock);
    const registry = new Registry();
    const verifier = countVerifications(registry, new IdentityBearerVerifier(tokens, revocations));
    const line = (outcome: string) => `rampart_token_verifications_total{outcome="${outcome}"}`;
    for (const outcome of ['valid', 'expired', 'revoked', 'invalid', 'unavailable']) expect(await sample(registry, line(outcome))).toBe(0);

    const good = await tokens.issue('user-1', 'free-user');
    await verifier.verify(good.token);
    await expect(verifier.verify('not.a.token')).rejects.toMatchObject({ code: 'ERR_IDENTITY_INVALID_ACCESS_TOKEN' });
    await expect(verifier.verify(`${good.token.slice(0, -4)}AAAA`)).rejects.toMatchObject({ code: 'ERR_IDENTITY_INVALID_ACCESS_TOKEN' });
    const revoked = await tokens.issue('user-2', 'free-user');
    await revocations.revokeBefore('user-2', Math.floor(clock / 1000) + 1);
    await expect(verifier.verify(revoked.token)).rejects.toMatchObject({ code: 'ERR_IDENTITY_INVALID_ACCESS_TOKEN' });
    clock += 120_000;
    await expect(verifier.verify(good.token)).rejects.toMatchObject({ code: 'ERR_IDENTITY_INVALID_ACCESS_TOKEN' });
    // "Cannot check now": the revocation store is unreachable.
    const unreachable = Object.assign(Object.create(revocations) as MemoryRevocationStore, {
      isRevoked: () => Promise.reject(new StorageUnavailableError('ERR_SHARED_STATE_UNAVAILABLE')),
    });
    const outageRegistry = new Registry();
    const outage = countVerifications(outageRegistry, new IdentityBearerVerifier(tokens, unreachable));
    const fresh = await tokens.issue('user-3', 'free-user');
    await expect(outage.verify(fresh.token)).rejects.toBeInstanceOf(StorageUnavailableError);

    expect(await sample(registry, line('valid'))).toBe(1);
    expect(await sample(registry, line('invalid'))).toBe(2);
    expect(await sample(registry, line('revoked'))).toBe(1);
    expect(await sample(registry, line('expired'))).toBe(1);
    expect(await sample(registry, line('unavailable'))).toBe(0);
    expect(await sample(outageRegistry, line('unavailable'))).toBe(1);
    expect(await sample(outageRegistry, line('valid'))).toBe(0);
  });
});
