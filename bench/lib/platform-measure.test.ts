import { describe, expect, it } from 'vitest';
import { clientAddress, judgeExactness, percentile, summariseLatencies } from './platform-measure.js';

describe('percentile (nearest rank)', () => {
  it('picks the nearest-rank value of an ascending list', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
  });

  it('is NaN for no samples rather than a made-up zero', () => {
    expect(percentile([], 99)).toBeNaN();
  });
});

describe('summariseLatencies', () => {
  it('sorts unsorted input and reports the tail a single stall creates', () => {
    const latencies = [...Array.from({ length: 99 }, () => 1), 250];
    const shuffled = [...latencies].reverse();
    const summary = summariseLatencies(shuffled);
    expect(summary).toEqual({ count: 100, p50Ms: 1, p99Ms: 1, maxMs: 250 });
    const twoStalls = summariseLatencies([...latencies.slice(1), 250]);
    expect(twoStalls.p99Ms).toBe(250);
  });
});

describe('clientAddress', () => {
  it('gives distinct 10/8 addresses across the octet boundaries', () => {
    expect(clientAddress(0)).toBe('10.0.0.0');
    expect(clientAddress(255)).toBe('10.0.0.255');
    expect(clientAddress(256)).toBe('10.0.1.0');
    expect(clientAddress(65_536)).toBe('10.1.0.0');
    expect(clientAddress(2 ** 24 - 1)).toBe('10.255.255.255');
    const many = new Set(Array.from({ length: 70_000 }, (_, i) => clientAddress(i)));
    expect(many.size).toBe(70_000);
  });

  it('refuses indexes that would wrap around or are not integers', () => {
    for (const bad of [-1, 2 ** 24, 1.5, Number.NaN]) expect(() => clientAddress(bad)).toThrow(RangeError);
  });
});

describe('judgeExactness', () => {
  it('is exact when no key went over the limit, and counts keys that got less', () => {
    const verdict = judgeExactness({ a: 200, b: 200, c: 150 }, 200);
    expect(verdict).toMatchObject({ exact: true, admitted: 550, allowed: 600, keys: 3, underAdmittedKeys: 1 });
    expect(verdict.overAdmitted).toEqual([]);
  });

  it('names every key admitted even once above the limit', () => {
    const verdict = judgeExactness({ a: 200, b: 201, c: 400 }, 200);
    expect(verdict.exact).toBe(false);
    expect(verdict.overAdmitted).toEqual([
      { key: 'b', admitted: 201 },
      { key: 'c', admitted: 400 },
    ]);
  });
});
