import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanFinding } from '../findings/types.js';
import { readBaseline, writeBaseline } from './baseline.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scan-baseline-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const finding = (id: string): ScanFinding => ({
  id, rule: 'weak-hash', severity: 'medium', confidence: 'high', message: 'm', fix: 'f', cwe: 328,
  location: { file: 'src/a.ts', line: 3, column: 1, endLine: 3, endColumn: 9 }, code: 'md5(x)',
});

describe('baseline', () => {
  it('round-trips the fingerprints', () => {
    const path = join(dir, 'base.json');
    writeBaseline(path, [finding('aa'), finding('bb')]);
    expect(readBaseline(path)).toEqual(new Set(['aa', 'bb']));
  });

  it.each([
    ['{', '--baseline b.json: not valid JSON'],
    ['{"version": 2, "findings": []}', '--baseline b.json: not a rampart-scan baseline (version 1); write one with --write-baseline'],
    ['{"version": 1, "findings": [{"rule": "x"}]}', '--baseline b.json: every finding needs a string "id"'],
  ])('rejects %s', (text, message) => {
    const path = join(dir, 'b.json');
    writeFileSync(path, text);
    expect(() => readBaseline(path, 'b.json')).toThrow(message);
  });

  it('names a missing file', () => {
    expect(() => readBaseline(join(dir, 'none.json'), 'none.json')).toThrow('--baseline none.json: cannot read the file (ENOENT)');
  });
});
