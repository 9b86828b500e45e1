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

describe('scanInParallel', () => {
  it('scans a share on this thread when its worker cannot run (here: no compiled worker.js beside the sources)', async () => {
    const { scanInParallel } = await import('./pool.js');
    const { buildSetup } = await import('./setup.js');
    const { sampleRules } = await import('../test-support/sample-rules.js');
    writeFileSync(join(dir, 'one.ts'), 'eval(a);\n');
    writeFileSync(join(dir, 'two.ts'), 'const x = 1;\neval(b);\n');
    const ids = new Set(sampleRules.map((rule) => rule.meta.id));
    const setup = buildSetup(sampleRules, ids, {});
    const results = await scanInParallel({ cwd: dir, ruleIds: [...ids], severity: {} }, ['one.ts', 'two.ts'], 2, setup);
    expect([...results.keys()].sort()).toEqual(['one.ts', 'two.ts']);
    expect(results.get('two.ts')?.findings.map((f) => `${f.location.line} ${f.rule}`)).toEqual(['2 sample-global-eval']);
  });
});
