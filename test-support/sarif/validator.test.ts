import { describe, expect, it } from 'vitest';
import { sarifProblems } from './validator.js';

const minimal = {
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'probe', rules: [{ id: 'r1' }] } }, results: [{ ruleId: 'r1', level: 'error', message: { text: 'found' } }] }],
};

describe('sarifProblems', () => {
  it('finds nothing wrong with a valid log', () => {
    expect(sarifProblems(minimal)).toBe('');
  });

  it('names what is wrong with a broken log (the validator is not a no-op)', () => {
    const broken = structuredClone(minimal);
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(sarifProblems(broken)).toContain('/runs/0/results/0/level');
    expect(sarifProblems({ version: '2.1.0' })).toContain('runs');
  });
});
