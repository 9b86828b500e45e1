import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { AdvisoryDataError } from './errors.js';
import { isAffected } from './evaluate.js';
import { NODE_CORE_ECOSYSTEM, NODE_CORE_PACKAGE, nswgCoreToOsv, nswgNpmToOsv } from './nswg.js';
import { eventParts } from './osv.js';
import { SHIPPED_DATA_DIR } from './shipped.js';
import { rawShipped, wgCore, wgNpm } from './test-support/fixtures.js';

const ids = (folder: string) =>
  readdirSync(join(SHIPPED_DATA_DIR, 'nodejs-security-wg', folder))
    .filter((f) => /^\d+\.json$/.test(f))
    .map((f) => Number(f.replace('.json', '')));

describe('Node.js Security WG npm records', () => {
  it('converts bassmaster (npm/1.json) with its CVE, range, vector and dates', () => {
    const r = wgNpm(1);
    expect(r.id).toBe('NSWG-ECO-1');
    expect(r.aliases).toEqual(['CVE-2014-7205']);
    expect(r.summary).toBe('Arbitrary JavaScript Execution');
    expect(r.modified).toBe('2016-04-28T00:00:00.000Z');
    expect(r.published).toBe('2014-09-27T00:00:00.000Z');
    expect(r.severity).toEqual([{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N' }]);
    expect(r.affected).toEqual([
      {
        package: { ecosystem: 'npm', name: 'bassmaster', purl: 'pkg:npm/bassmaster' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { last_affected: '1.5.1' }] }],
        database_specific: { vulnerable_versions: '<=1.5.1', patched_versions: '>=1.5.2' },
      },
    ]);
    expect(r.references?.[0]).toEqual({ type: 'ADVISORY', url: 'https://github.com/nodejs/security-wg/blob/main/vuln/npm/1.json' });
  });

  it('translates every one of the 467 ranges exactly: OSV evaluation agrees with semver.satisfies on releases', () => {
    const all = ids('npm');
    expect(all.length).toBe(467);
    let checked = 0;
    for (const n of all) {
      const raw = rawShipped(`nodejs-security-wg/npm/${n}.json`) as { vulnerable_versions: string };
      const r = wgNpm(n);
      const a = r.affected?.[0];
      if (a === undefined) throw new Error(`no affected entry for ${n}`);
      // Probe every bound, its neighbours and a few fixed points.
      const probes = new Set(['0.0.0', '0.0.1', '1.0.0', '99.0.0']);
      for (const e of a.ranges?.[0]?.events ?? []) {
        const b = semver.parse(eventParts(e).version);
        if (b === null) continue;
        probes.add(`${b.major}.${b.minor}.${b.patch}`);
        probes.add(`${b.major}.${b.minor}.${b.patch + 1}`);
        if (b.patch > 0) probes.add(`${b.major}.${b.minor}.${b.patch - 1}`);
        if (b.minor > 0) probes.add(`${b.major}.${b.minor - 1}.99`);
      }
      for (const p of probes) {
        expect(isAffected(new semver.SemVer(p), a), `NSWG-ECO-${n} ${raw.vulnerable_versions} @ ${p}`).toBe(semver.satisfies(p, raw.vulnerable_versions));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('keeps a strict lower bound exact (mqtt-packet, npm/75.json: "> 4.0.0 <4.0.5")', () => {
    const a = wgNpm(75).affected?.[0];
    expect(a?.ranges?.[0]?.events).toEqual([{ introduced: '0' }, { fixed: '3.4.6' }, { introduced: '4.0.1-0' }, { fixed: '4.0.5' }]);
    expect(isAffected(new semver.SemVer('4.0.0'), a ?? {})).toBe(false);
    expect(isAffected(new semver.SemVer('4.0.1'), a ?? {})).toBe(true);
  });

  it('rejects records that are not what they claim, naming the file', () => {
    expect(() => nswgNpmToOsv({ id: 9, module_name: 'x', vulnerable_versions: 'soon' }, 'npm/9.json')).toThrow(
      /^npm\/9\.json: vulnerable_versions "soon" is not a node-semver range/,
    );
    expect(() => nswgNpmToOsv({ id: 9, module_name: 'x', vulnerable_versions: '<1', cves: 'CVE-1' }, 'npm/9.json')).toThrow(/cves must be an array of strings/);
    expect(() => nswgNpmToOsv({ module_name: 'x', vulnerable_versions: '<1' }, 'npm/x.json', 'x')).toThrow(AdvisoryDataError);
  });
});

describe('Node.js Security WG core records', () => {
  it('converts all 171 and puts them on the Node.js runtime', () => {
    const all = ids('core');
    expect(all.length).toBe(171);
    for (const n of all) {
      const r = wgCore(n);
      expect(r.id).toBe(`NSWG-COR-${n}`);
      expect(r.affected?.[0]?.package).toEqual({ ecosystem: NODE_CORE_ECOSYSTEM, name: NODE_CORE_PACKAGE });
    }
  });

  it('affected = vulnerable minus patched (core/171.json, March 2026)', () => {
    const r = wgCore(171);
    expect(r.aliases).toEqual(['CVE-2026-21717']);
    expect(r.summary).toBe('HashDoS in V8');
    expect(r.modified).toBe('2026-03-01T00:00:00Z');
    expect(r.database_specific?.['severity']).toBe('MODERATE');
    expect(r.affected?.[0]?.ranges?.[0]?.events).toEqual([
      { introduced: '20.0.0' },
      { fixed: '20.20.2' },
      { introduced: '22.0.0' },
      { fixed: '22.22.2' },
      { introduced: '24.0.0' },
      { fixed: '24.14.1' },
      { introduced: '25.0.0' },
      { fixed: '25.8.2' },
    ]);
  });

  it('adds the missing CVSS: prefix and keeps platform lists', () => {
    expect(wgCore(18).severity).toEqual([{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N' }]);
    expect(wgCore(99).affected?.[0]?.ecosystem_specific).toEqual({ affected_environments: ['linux'] });
    expect(() => nswgCoreToOsv({ vulnerable: 8, patched: '' }, 'core/1.json', '1')).toThrow(/core\/1\.json: vulnerable must be a string/);
  });
});
