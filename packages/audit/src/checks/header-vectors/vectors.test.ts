import { describe, expect, it } from 'vitest';
import { headerRules, type HeaderSample } from '../headers-rules.js';
import { headerVectors } from './vectors.js';

function sampleOf(vector: (typeof headerVectors)[number]): HeaderSample {
  const headers = Object.fromEntries(
    Object.entries(vector.headers).map(([name, value]) => [name, typeof value === 'string' ? [value] : [...value]]),
  );
  return { status: vector.status ?? 200, headers, kind: vector.kind, https: vector.https };
}

describe('header vectors (Observatory, drHEADer, ZAP)', () => {
  it.each(headerVectors.map((vector) => [vector.rule, vector.source, vector] as const))('%s: %s', (_rule, _source, vector) => {
    expect(headerRules[vector.rule](sampleOf(vector)).verdict).toBe(vector.expected);
  });

  it('covers every rule with a passing and a failing vector', () => {
    for (const rule of Object.keys(headerRules)) {
      const verdicts = headerVectors.filter((v) => v.rule === rule).map((v) => v.expected);
      expect(verdicts, rule).toContain('PASS');
      expect(verdicts.some((v) => v === 'WARN' || v === 'FAIL'), rule).toBe(true);
    }
  });

  it('names a source on every vector', () => {
    for (const vector of headerVectors) expect(vector.source.length).toBeGreaterThan(10);
  });
});
