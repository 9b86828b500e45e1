import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdvisoryDataError } from './errors.js';
import { parseJsonText, readJsonFile } from './json.js';
import { parseOsvRecord } from './osv.js';
import { SHIPPED_DATA_DIR } from './shipped.js';
import { ghsa, rawShipped, withTempDir } from './test-support/fixtures.js';

const minimal = { id: 'GHSA-test-0000-0000', modified: '2024-01-01T00:00:00Z' };

function problemOf(json: unknown): string {
  try {
    parseOsvRecord(json, 'x.json');
  } catch (error) {
    expect(error).toBeInstanceOf(AdvisoryDataError);
    expect((error as AdvisoryDataError).file).toBe('x.json');
    return (error as AdvisoryDataError).message;
  }
  throw new Error('expected an AdvisoryDataError');
}

describe('parseOsvRecord', () => {
  it('reads every shipped GitHub advisory', () => {
    const files = readdirSync(join(SHIPPED_DATA_DIR, 'ghsa')).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(60);
    for (const f of files) {
      const r = parseOsvRecord(rawShipped(`ghsa/${f}`), f);
      expect(r.id).toBe(f.replace(/\.json$/, ''));
      expect(r.affected?.length).toBeGreaterThan(0);
    }
  });

  it('keeps the fields a matcher needs, typed', () => {
    const r = ghsa('GHSA-64vr-g452-qvp3');
    expect(r.aliases).toEqual(['CVE-2024-45812']);
    expect(r.severity?.map((s) => s.type)).toEqual(['CVSS_V3', 'CVSS_V4']);
    expect(r.affected?.[0]?.package).toEqual({ ecosystem: 'npm', name: 'vite' });
    expect(r.affected?.[0]?.ranges?.[0]?.type).toBe('ECOSYSTEM');
    expect(r.database_specific?.['severity']).toBe('MODERATE');
  });

  it('accepts a record with only id and modified', () => {
    expect(parseOsvRecord(minimal, 'x.json')).toEqual(minimal);
  });

  it('names the file and the path of the first problem', () => {
    expect(problemOf([])).toMatch(/^x\.json: the record must be an object/);
    expect(problemOf({ modified: '2024-01-01T00:00:00Z' })).toMatch(/id must be a string, not undefined/);
    expect(problemOf({ ...minimal, modified: 'yesterday' })).toMatch(/modified must be an RFC 3339 date/);
    expect(problemOf({ ...minimal, aliases: 'CVE-1' })).toMatch(/aliases must be an array, not string/);
    expect(problemOf({ ...minimal, affected: [{ package: { ecosystem: 'npm', name: 7 } }] })).toMatch(/affected\[0\]\.package\.name must be a string, not number/);
    expect(problemOf({ ...minimal, affected: [{ ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1.0.0' }] }] }] })).toMatch(
      /affected\[0\]\.ranges\[0\]\.events\[0\] must have exactly one of/,
    );
    expect(problemOf({ ...minimal, affected: [{ ranges: [{ type: 'SVN', events: [] }] }] })).toMatch(/ranges\[0\]\.type must be one of SEMVER, ECOSYSTEM, GIT/);
    expect(problemOf({ ...minimal, affected: [{ ranges: [{ type: 'SEMVER', events: [{ fixed: 1 }] }] }] })).toMatch(/events\[0\]\.fixed must be a string, not number/);
    expect(problemOf({ ...minimal, severity: [{ type: 'CVSS_V3' }] })).toMatch(/severity\[0\]\.score must be a string/);
    expect(problemOf({ ...minimal, id: 'x'.repeat(10_000) })).toMatch(/id must be 1\.\.256 characters/);
  });

  it('does not let __proto__ reach a prototype and drops it from free-form parts', () => {
    const json = JSON.parse(
      '{"id":"X-1","modified":"2024-01-01T00:00:00Z","__proto__":{"polluted":true},"database_specific":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"ok":1},"affected":[{"package":{"ecosystem":"npm","name":"a"},"ecosystem_specific":{"__proto__":{"x":1}}}]}',
    ) as unknown;
    const r = parseOsvRecord(json, 'x.json');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(r)).not.toContain('__proto__');
    expect(r.database_specific?.['ok']).toBe(1);
    expect(Object.keys(r.database_specific ?? {})).toEqual(['ok']);
    expect(Object.keys(r.affected?.[0]?.ecosystem_specific ?? {})).toEqual([]);
    // The copy is a new object, not the input.
    expect(r).not.toBe(json);
  });

  it('refuses free-form data nested deeper than any real record', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(problemOf({ ...minimal, database_specific: deep })).toMatch(/database_specific is nested too deeply/);
  });
});

describe('reading JSON files', () => {
  it('turns malformed JSON into an AdvisoryDataError naming the file', () => {
    expect(() => parseJsonText('{"id": ', 'bad.json')).toThrow(/^bad\.json: is not valid JSON/);
  });

  it('refuses a file above the size cap without reading it', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'huge.json');
      writeFileSync(file, `{"id":"X","modified":"2024-01-01T00:00:00Z","details":"${'a'.repeat(4096)}"}`);
      await expect(readJsonFile(file, 1024)).rejects.toThrow(/huge\.json: is \d+ bytes, more than the 1024 allowed/);
      await expect(readJsonFile(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: cannot be read \(ENOENT\)/);
    });
  });
});
