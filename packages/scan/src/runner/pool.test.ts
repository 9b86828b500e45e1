import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PARALLEL_MIN_BYTES, shares, threadCount } from './pool.js';

const dir = mkdtempSync(join(tmpdir(), 'scan-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shares', () => {
  it('deals files out by size so that the shares weigh about the same, every file once', () => {
    const sizes: Record<string, number> = { a: 900, b: 500, c: 400, d: 300, e: 100 };
    for (const [name, size] of Object.entries(sizes)) writeFileSync(join(dir, name), 'x'.repeat(size));
    const [first, second] = shares(dir, Object.keys(sizes), 2);
    expect([...(first ?? []), ...(second ?? [])].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    const weight = (share: string[] | undefined) => (share ?? []).reduce((sum, name) => sum + (sizes[name] ?? 0), 0);
    expect(Math.abs(weight(first) - weight(second))).toBeLessThanOrEqual(300);
  });
});

describe('threadCount', () => {
  it('stays on one thread for small runs and honours a requested count', () => {
    expect(threadCount(PARALLEL_MIN_BYTES - 1)).toBe(1);
    expect(threadCount(PARALLEL_MIN_BYTES * 10)).toBeGreaterThanOrEqual(1);
    expect(threadCount(10, 3)).toBe(3);
    expect(threadCount(10, 0)).toBe(1);
  });
});
