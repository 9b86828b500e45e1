import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load.js';

const ids = new Set(['sql-injection', 'weak-hash']);
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scan-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('reads --config, else rampart-scan.json, else package.json "rampartScan", else nothing', () => {
    expect(loadConfig(dir, undefined, ids)).toEqual({ exclude: [], skip: [], severity: {}, includeTests: false });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', rampartScan: { skip: ['weak-hash'] } }));
    expect(loadConfig(dir, undefined, ids)).toMatchObject({ skip: ['weak-hash'], source: 'package.json "rampartScan"' });
    writeFileSync(join(dir, 'rampart-scan.json'), JSON.stringify({ exclude: ['fixtures'] }));
    expect(loadConfig(dir, undefined, ids)).toMatchObject({ exclude: ['fixtures'], skip: [], source: 'rampart-scan.json' });
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ severity: { 'sql-injection': 'low' }, includeTests: true }));
    expect(loadConfig(dir, 'other.json', ids)).toMatchObject({ severity: { 'sql-injection': 'low' }, includeTests: true });
  });

  it('names a missing file and broken JSON', () => {
    expect(() => loadConfig(dir, 'nope.json', ids)).toThrow('nope.json: cannot read the file (ENOENT)');
    writeFileSync(join(dir, 'rampart-scan.json'), '{ // comment\n}');
    expect(() => loadConfig(dir, undefined, ids)).toThrow(/^rampart-scan\.json: not valid JSON/);
  });
});

describe('parseConfig', () => {
  it.each([
    [[], 'c.json: expected a JSON object with any of exclude, skip, severity, includeTests'],
    [{ excludes: [] }, 'c.json: unknown key "excludes" (did you mean "exclude"?); allowed: exclude, skip, severity, includeTests'],
    [{ exclude: 'fixtures' }, 'c.json "exclude": expected an array of non-empty strings'],
    [{ skip: ['sql-injection', 'weak-hsh'] }, 'c.json "skip": unknown rule id weak-hsh (did you mean weak-hash?) (see --list-rules)'],
    [{ severity: { nope: 'low' } }, 'c.json "severity": unknown rule id nope (see --list-rules)'],
    [{ severity: { 'weak-hash': 'critical' } }, 'c.json "severity"."weak-hash": expected low, medium or high, got "critical"'],
    [{ includeTests: 'yes' }, 'c.json "includeTests": expected true or false'],
  ])('rejects %j', (value, message) => {
    expect(() => parseConfig(value, 'c.json', ids)).toThrow(new ConfigError(message));
  });
});
