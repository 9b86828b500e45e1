import { describe, expect, it } from 'vitest';
import { buildDatabase, databaseFromRecords, openDatabase } from './database.js';
import { aliasGroups, matchAdvisories } from './match.js';
import type { OsvRecord } from './osv.js';
import { ghsa, inst, wgNpm } from './test-support/fixtures.js';

const shipped = await openDatabase({ paths: [], useCache: false });
const ids = (name: string, version: string) => matchAdvisories(shipped, [inst(name, version)]).map((m) => m.record.id);
const one = (name: string, version: string, id: string) => {
  const m = matchAdvisories(shipped, [inst(name, version)]).find((x) => x.record.id === id);
  if (m === undefined) throw new Error(`${name}@${version} does not match ${id}`);
  return m;
};
const rec = (id: string, aliases: string[]): OsvRecord => ({
  id,
  modified: '2024-01-01T00:00:00Z',
  aliases,
  affected: [{ package: { ecosystem: 'npm', name: 'qs' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
});

describe('alias merging', () => {
  it('merges the GitHub advisory and the WG record that share a CVE (qs, CVE-2014-7191)', () => {
    const matches = matchAdvisories(shipped, [inst('qs', '0.6.6')]);
    const m = matches.find((x) => x.aliases.includes('CVE-2014-7191'));
    expect(m).toMatchObject({ record: { id: 'GHSA-jjv7-qpx3-h62q' }, aliases: ['CVE-2014-7191', 'NSWG-ECO-29'], records: ['GHSA-jjv7-qpx3-h62q', 'NSWG-ECO-29'] });
    expect(matches.filter((x) => x.records.includes('NSWG-ECO-29'))).toHaveLength(1);
    // The GHSA has only a rating; the WG record's CVSS 3.0 vector gives the score.
    expect(m?.severity).toBe('high');
    expect(m?.cvss?.version).toBe('3.0');
    // 1.0.0 fixes this one, but qs < 6.2.4 is still affected by GHSA-hrpp-h998-j3pp.
    expect(m?.fixedIn).toBe('6.2.4');
  });

  it('merges express CVE-2014-6393 (GHSA-gpvr-g6gh-9mc2 + NSWG-ECO-8)', () => {
    const m = one('express', '3.0.0', 'GHSA-gpvr-g6gh-9mc2');
    expect(m.aliases).toEqual(['CVE-2014-6393', 'NSWG-ECO-8']);
    expect(m.cvss).toMatchObject({ version: '3.0' });
    // 3.11.0 fixes this one; GHSA-qw6h-vgh9-j6wx affects everything below 4.20.0.
    expect(m.fixedIn).toBe('4.20.0');
    expect(m.source).toBe('shipped:ghsa');
    // The WG's "<3.11" is fixed "3.11.0-0" in events; a release install is told 3.11.0.
    const alone = matchAdvisories(buildDatabase([{ name: 'wg', path: 'wg', records: [wgNpm(8)] }]), [inst('express', '3.0.0')]);
    expect(alone.map((x) => x.fixedIn)).toEqual(['3.11.0']);
  });

  it('prefers GHSA over NSWG over CVE, and follows aliases transitively', () => {
    const groups = aliasGroups([rec('CVE-2014-7191', []), rec('NSWG-ECO-29', ['CVE-2014-7191']), rec('OSV-2020-1', ['X-1']), rec('GHSA-aaaa-bbbb-cccc', ['X-1', 'CVE-2014-7191'])]);
    expect(groups.map((g) => g.map((r) => r.id))).toEqual([['GHSA-aaaa-bbbb-cccc', 'NSWG-ECO-29', 'CVE-2014-7191', 'OSV-2020-1']]);
    const db = databaseFromRecords([rec('CVE-2014-7191', []), rec('NSWG-ECO-29', ['CVE-2014-7191']), rec('CVE-2000-1', [])], 'x');
    expect(matchAdvisories(db, [inst('qs', '1.0.0')]).map((m) => [m.record.id, m.aliases])).toEqual([
      ['NSWG-ECO-29', ['CVE-2014-7191']],
      ['CVE-2000-1', []],
    ]);
  });

  it('gives one match per installed copy', () => {
    const copies = [inst('minimist', '1.2.5', { key: 'node_modules/minimist' }), inst('minimist', '0.0.8', { key: 'node_modules/mkdirp/node_modules/minimist', dev: true })];
    const matches = matchAdvisories(shipped, copies).filter((m) => m.record.id === 'GHSA-xvch-5gv4-984h');
    expect(matches.map((m) => [m.instance.key, m.instance.dev, m.fixedIn])).toEqual([
      ['node_modules/minimist', false, '1.2.6'],
      // 0.2.4 fixes both minimist advisories on the 0.x line.
      ['node_modules/mkdirp/node_modules/minimist', true, '0.2.4'],
    ]);
  });
});

describe('fixedIn', () => {
  it('is the lowest version that every matched record leaves unaffected (lodash 4.17.11)', () => {
    const matches = matchAdvisories(shipped, [inst('lodash', '4.17.11')]);
    // GHSA-jf85-cpcp-j695 alone is fixed in 4.17.12, but 4.17.12 is still affected by the other two.
    expect(matches.map((m) => [m.record.id, m.fixedIn])).toEqual(
      expect.arrayContaining([
        ['GHSA-jf85-cpcp-j695', '4.17.21'],
        ['GHSA-35jh-r3h4-6jhm', '4.17.21'],
        ['GHSA-29mw-wpgm-hmr9', '4.17.21'],
      ]),
    );
  });

  it('never advises a downgrade (@xmldom/xmldom 0.8.3: not 0.7.7)', () => {
    expect(one('@xmldom/xmldom', '0.8.3', 'GHSA-crh6-fp67-6883').fixedIn).toBe('0.8.4');
  });

  it('has none when no version is fixed (vm2, last_affected only)', () => {
    expect(one('vm2', '3.9.19', 'GHSA-cchq-frgv-rjh5').fixedIn).toBeUndefined();
  });

  it("falls back to the match's own fix when another matched record has none", () => {
    const open: OsvRecord = {
      id: 'GHSA-open-open-open',
      modified: '2024-01-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'npm', name: 'express' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
    };
    const db = databaseFromRecords([ghsa('GHSA-rv95-896h-c2vc'), open], 'x');
    expect(matchAdvisories(db, [inst('express', '4.17.0')]).map((m) => [m.record.id, m.fixedIn])).toEqual([
      ['GHSA-open-open-open', undefined],
      ['GHSA-rv95-896h-c2vc', '4.19.2'],
    ]);
  });

  it("closes an open GHSA range at its last_known_affected_version_range (express GHSA-jj78-5fmv-mv28: '< 4.0.0')", () => {
    expect(ids('express', '3.21.2')).toContain('GHSA-jj78-5fmv-mv28');
    expect(ids('express', '3.4.4')).not.toContain('GHSA-jj78-5fmv-mv28');
    expect(ids('express', '4.0.0')).not.toContain('GHSA-jj78-5fmv-mv28');
    expect(ids('express', '5.0.0-beta.1')).not.toContain('GHSA-jj78-5fmv-mv28');
  });

  it('keeps prerelease advice for a prerelease install (express 5.0.0-beta.1)', () => {
    // 5.0.0-beta.3 fixes GHSA-rv95 but not GHSA-qw6h (fixed in 5.0.0): the advice is 5.0.0 for both.
    expect(one('express', '5.0.0-beta.1', 'GHSA-rv95-896h-c2vc').fixedIn).toBe('5.0.0');
    expect(one('express', '5.0.0-beta.1', 'GHSA-qw6h-vgh9-j6wx').fixedIn).toBe('5.0.0');
    const rv95 = matchAdvisories(databaseFromRecords([ghsa('GHSA-rv95-896h-c2vc')], 'x'), [inst('express', '5.0.0-beta.1')]);
    expect(rv95.map((m) => m.fixedIn)).toEqual(['5.0.0-beta.3']);
    expect(ids('express', '5.0.0-beta.3')).not.toContain('GHSA-rv95-896h-c2vc');
  });

  it("uses the WG's patched_versions when the range ends in last_affected (bassmaster <=1.5.1)", () => {
    const db = buildDatabase([{ name: 'wg', path: 'wg', records: [wgNpm(1)] }]);
    expect(matchAdvisories(db, [inst('bassmaster', '1.5.0')]).map((m) => m.fixedIn)).toEqual(['1.5.2']);
  });
});

describe('what is matched', () => {
  it('folds npm name case (GHSA-8hc4-vh64-cxmj names "Axios")', () => {
    expect(ids('axios', '1.7.3')).toContain('GHSA-8hc4-vh64-cxmj');
    expect(ids('axios', '1.7.4')).not.toContain('GHSA-8hc4-vh64-cxmj');
  });

  it('skips local code and versions that are not SemVer', () => {
    const local = ['workspace', 'link', 'file'] as const;
    for (const source of local) expect(matchAdvisories(shipped, [inst('minimist', '1.2.5', { source })])).toEqual([]);
    expect(matchAdvisories(shipped, [inst('minimist', 'github:substack/minimist#abc', { source: 'git' })])).toEqual([]);
    expect(matchAdvisories(shipped, [inst('minimist', '1.2.5', { source: 'git' })]).length).toBeGreaterThan(0);
  });

  it('matches only the package an affected entry names (lodash-es is not lodash.trim)', () => {
    const r = ghsa('GHSA-29mw-wpgm-hmr9');
    const db = databaseFromRecords([r], 'x');
    expect(matchAdvisories(db, [inst('lodash.trim', '4.5.1'), inst('lodash-es', '4.17.21'), inst('lodash-es', '4.17.20')]).map((m) => `${m.instance.name}@${m.instance.version}`)).toEqual([
      'lodash.trim@4.5.1',
      'lodash-es@4.17.20',
    ]);
  });
});
