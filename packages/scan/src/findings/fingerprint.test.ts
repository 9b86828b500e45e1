import { describe, expect, it } from 'vitest';
import { fingerprints, normalizeLine } from './fingerprint.js';

const item = (line: number, code: string, rule = 'sql-injection', file = 'src/a.ts') => ({ rule, file, code, line, column: 1 });

describe('fingerprints', () => {
  it('does not change when the finding moves to another line or its indentation changes', () => {
    const [before] = fingerprints([item(10, 'db.query(`SELECT ${id}`);')]);
    const [after] = fingerprints([item(42, '    db.query(`SELECT ${id}`);  ')]);
    expect(after).toBe(before);
  });

  it('changes with the rule, the file, or the code', () => {
    const base = fingerprints([item(1, 'x(a)')])[0];
    expect(fingerprints([item(1, 'x(a)', 'other')])[0]).not.toBe(base);
    expect(fingerprints([item(1, 'x(a)', 'sql-injection', 'src/b.ts')])[0]).not.toBe(base);
    expect(fingerprints([item(1, 'x(b)')])[0]).not.toBe(base);
  });

  it('tells apart identical lines by their order, whatever order they are given in', () => {
    const [late, early] = fingerprints([item(20, 'exec(cmd)'), item(5, 'exec(cmd)')]);
    expect(late).not.toBe(early);
    expect(fingerprints([item(5, 'exec(cmd)')])[0]).toBe(early);
  });

  it('normalizes whitespace runs', () => {
    expect(normalizeLine('  a \t b  ')).toBe('a b');
  });
});
