import { describe, expect, it } from 'vitest';
import { OverLimitAddresses } from './over-limit.js';

describe('OverLimitAddresses', () => {
  it('remembers an address until its window ends, then forgets it', () => {
    const record = new OverLimitAddresses(10);
    record.block('authenticated|a:192.0.2.1', 2000);
    expect(record.blockedUntil('authenticated|a:192.0.2.1', 1999)).toBe(2000);
    expect(record.blockedUntil('authenticated|a:192.0.2.2', 1999)).toBeUndefined();
    expect(record.blockedUntil('authenticated|a:192.0.2.1', 2000)).toBeUndefined();
    expect(record.size).toBe(0);
  });

  it('is bounded: the oldest entry makes room for a new one', () => {
    const record = new OverLimitAddresses(3);
    for (let i = 0; i < 5; i++) record.block(`k${i}`, 10_000);
    expect(record.size).toBe(3);
    expect(record.blockedUntil('k0', 0)).toBeUndefined();
    expect(record.blockedUntil('k1', 0)).toBeUndefined();
    expect(record.blockedUntil('k4', 0)).toBe(10_000);
    // Blocking a known key again updates it in place.
    record.block('k4', 20_000);
    expect(record.size).toBe(3);
    expect(record.blockedUntil('k4', 15_000)).toBe(20_000);
  });
});
