import { describe, expect, it } from 'vitest';
import { IdentityError } from '../../errors/index.js';
import { HashingSlots, HASHING_BUSY_RETRY_AFTER_SECONDS } from './hashing-slots.js';
import { PasswordHasher } from './hashing.js';

/** A piece of work that finishes when the test says so. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('hashing slots', () => {
  it('never runs more than `concurrency` at once and runs the waiters in order', async () => {
    const slots = new HashingSlots({ concurrency: 2, maxQueue: 10 });
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 6 }, gate);
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        active++;
        peak = Math.max(peak, active);
        order.push(i);
        await g.promise;
        active--;
        return i;
      }),
    );
    await Promise.resolve();
    expect(slots.load).toEqual({ running: 2, waiting: 4 });
    for (const g of gates) {
      g.open();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses at once with 503 + Retry-After when the queue is full, without running the work', async () => {
    const slots = new HashingSlots({ concurrency: 1, maxQueue: 1 });
    const blocker = gate();
    const first = slots.run(() => blocker.promise);
    const second = slots.run(async () => 'queued');
    let ran = false;
    const third = slots.run(async () => {
      ran = true;
    });
    await expect(third).rejects.toBeInstanceOf(IdentityError);
    await expect(third).rejects.toMatchObject({ code: 'ERR_IDENTITY_BUSY', retryAfterSeconds: HASHING_BUSY_RETRY_AFTER_SECONDS });
    expect(ran).toBe(false);
    blocker.open();
    await first;
    expect(await second).toBe('queued');
  });

  it('frees the slot when the work fails', async () => {
    const slots = new HashingSlots({ concurrency: 1, maxQueue: 0 });
    await expect(slots.run(() => Promise.reject(new Error('argon2 failed')))).rejects.toThrow('argon2 failed');
    expect(await slots.run(async () => 'next')).toBe('next');
  });

  it('rejects nonsense settings', () => {
    expect(() => new HashingSlots({ concurrency: 0 })).toThrow(RangeError);
    expect(() => new HashingSlots({ concurrency: 1, maxQueue: -1 })).toThrow(RangeError);
  });
});

describe('password hasher behind the slots', () => {
  it('lets a burst of real Argon2 verifications through the slots and refuses the overflow as busy, not as a wrong password', async () => {
    const hasher = new PasswordHasher(undefined, new HashingSlots({ concurrency: 1, maxQueue: 1 }));
    const stored = await hasher.hash('correct horse battery staple 42');
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () => hasher.verify(stored, 'correct horse battery staple 42')),
    );
    const verified = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts.filter((a) => a.status === 'rejected');
    expect(verified).toHaveLength(2);
    expect(verified.every((a) => a.status === 'fulfilled' && a.value === true)).toBe(true);
    expect(refused).toHaveLength(3);
    for (const a of refused) {
      expect(a.status === 'rejected' && (a.reason as IdentityError).code).toBe('ERR_IDENTITY_BUSY');
    }
  });
});
