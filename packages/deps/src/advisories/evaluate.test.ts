// Each OSV range shape, on real GitHub advisories from the shipped data where one exists.
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { isAffected } from './evaluate.js';
import type { OsvAffected, OsvRecord } from './osv.js';
import { ghsa } from './test-support/fixtures.js';

const v = (s: string) => new semver.SemVer(s);
const affects = (record: OsvRecord, name: string, version: string) =>
  (record.affected ?? []).some((a) => a.package?.name === name && isAffected(v(version), a));
const entry = (events: OsvAffected['ranges']): OsvAffected => ({ package: { ecosystem: 'npm', name: 'x' }, ranges: events ?? [] });

describe('OSV evaluation on real records', () => {
  it('introduced/fixed ECOSYSTEM ranges, several entries per record (qs, GHSA-hrpp-h998-j3pp: 9 entries)', () => {
    const r = ghsa('GHSA-hrpp-h998-j3pp');
    expect(r.affected?.length).toBe(9);
    expect(affects(r, 'qs', '6.10.2')).toBe(true);
    expect(affects(r, 'qs', '6.10.3')).toBe(false);
    expect(affects(r, 'qs', '6.2.3')).toBe(true);
    expect(affects(r, 'qs', '6.2.4')).toBe(false);
    expect(affects(r, 'qs', '6.11.0')).toBe(false);
  });

  it('introduced "0" with last_affected and no fix (vm2, GHSA-cchq-frgv-rjh5)', () => {
    const r = ghsa('GHSA-cchq-frgv-rjh5');
    expect(r.affected?.[0]?.ranges?.[0]?.events).toEqual([{ introduced: '0' }, { last_affected: '3.9.19' }]);
    expect(affects(r, 'vm2', '0.0.1')).toBe(true);
    expect(affects(r, 'vm2', '3.9.19')).toBe(true);
    expect(affects(r, 'vm2', '3.9.20')).toBe(false);
  });

  it('last_affected on one entry and fixed on another (xmldom / @xmldom/xmldom, GHSA-crh6-fp67-6883)', () => {
    const r = ghsa('GHSA-crh6-fp67-6883');
    expect(affects(r, 'xmldom', '0.6.0')).toBe(true);
    expect(affects(r, 'xmldom', '0.6.1')).toBe(false);
    expect(affects(r, '@xmldom/xmldom', '0.7.6')).toBe(true);
    expect(affects(r, '@xmldom/xmldom', '0.7.7')).toBe(false);
    expect(affects(r, '@xmldom/xmldom', '0.8.3')).toBe(true);
    expect(affects(r, '@xmldom/xmldom', '0.8.4')).toBe(false);
  });

  it('prerelease bounds follow SemVer precedence (@xmldom/xmldom 0.9.0-beta.1..beta.4, express 5 alphas)', () => {
    const x = ghsa('GHSA-crh6-fp67-6883');
    expect(affects(x, '@xmldom/xmldom', '0.9.0-beta.0')).toBe(false);
    expect(affects(x, '@xmldom/xmldom', '0.9.0-beta.1')).toBe(true);
    expect(affects(x, '@xmldom/xmldom', '0.9.0-beta.3')).toBe(true);
    expect(affects(x, '@xmldom/xmldom', '0.9.0-beta.4')).toBe(false);
    expect(affects(x, '@xmldom/xmldom', '0.9.0')).toBe(false);
    const e = ghsa('GHSA-rv95-896h-c2vc'); // 0..4.19.2 and 5.0.0-alpha.1..5.0.0-beta.3
    expect(affects(e, 'express', '5.0.0-alpha.1')).toBe(true);
    expect(affects(e, 'express', '5.0.0-beta.2')).toBe(true);
    expect(affects(e, 'express', '5.0.0-beta.3')).toBe(false);
    // A prerelease below the first introduced of a line is inside [0, 4.19.2): 4.19.2-rc.1 < 4.19.2.
    expect(affects(e, 'express', '4.19.2-rc.1')).toBe(true);
    expect(affects(e, 'express', '4.19.2')).toBe(false);
  });

  it('explicit versions lists (ua-parser-js malware, GHSA-pjwm-rvh2-c87w)', () => {
    const r = ghsa('GHSA-pjwm-rvh2-c87w');
    expect(r.affected?.map((a) => a.versions)).toEqual([['0.7.29'], ['0.8.0'], ['1.0.0']]);
    for (const bad of ['0.7.29', '0.8.0', '1.0.0']) expect(affects(r, 'ua-parser-js', bad)).toBe(true);
    for (const good of ['0.7.28', '0.7.30', '0.8.1', '1.0.1']) expect(affects(r, 'ua-parser-js', good)).toBe(false);
    // The versions list alone, without ranges, is enough.
    expect(isAffected(v('0.8.0'), { versions: ['0.8.0'] })).toBe(true);
    expect(isAffected(v('0.8.0+build.7'), { versions: ['0.8.0'] })).toBe(true);
  });

  it("an open range, introduced only, closed by GitHub's last_known_affected_version_range (express, GHSA-jj78-5fmv-mv28)", () => {
    const r = ghsa('GHSA-jj78-5fmv-mv28');
    expect(r.affected?.[0]?.ranges?.[0]?.events).toEqual([{ introduced: '3.4.5' }]);
    expect(r.affected?.[0]?.database_specific?.['last_known_affected_version_range']).toBe('< 4.0.0');
    expect(affects(r, 'express', '3.4.4')).toBe(false);
    expect(affects(r, 'express', '3.21.2')).toBe(true);
    expect(affects(r, 'express', '4.0.0')).toBe(false);
    // Without that hint an introduced-only range is open-ended, as the spec says.
    const open = entry([{ type: 'ECOSYSTEM', events: [{ introduced: '3.4.5' }] }]);
    expect(isAffected(v('99.0.0'), open)).toBe(true);
    const beta = { ...entry([{ type: 'ECOSYSTEM', events: [{ introduced: '3.0.0-beta.1' }] }]), database_specific: { last_known_affected_version_range: '<= 3.0.0-beta.8' } };
    expect(isAffected(v('3.0.0-beta.8'), beta)).toBe(true);
    expect(isAffected(v('3.0.0-beta.9'), beta)).toBe(false);
    expect(isAffected(v('4.0.0'), { ...open, database_specific: { last_known_affected_version_range: 'whenever' } })).toBe(true);
  });
});

describe('OSV evaluation, hand-built shapes the shipped data lacks', () => {
  it('limit: none of the 60 GHSA records uses it, so this one is built by hand', () => {
    // Affected from 1.0.0 up to (not including) the limit 2.0.0; 2.x is another branch.
    const a = entry([{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { limit: '2.0.0' }] }]);
    expect(isAffected(v('0.9.0'), a)).toBe(false);
    expect(isAffected(v('1.5.0'), a)).toBe(true);
    expect(isAffected(v('2.0.0'), a)).toBe(false);
    expect(isAffected(v('3.0.0'), a)).toBe(false);
    const withFix = entry([{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.2.0' }, { limit: '1.5.0' }] }]);
    expect(isAffected(v('1.1.0'), withFix)).toBe(true);
    expect(isAffected(v('1.3.0'), withFix)).toBe(false);
  });

  it('several introduced/fixed pairs in one range, listed out of order', () => {
    const a = entry([
      { type: 'ECOSYSTEM', events: [{ fixed: '2.5.0' }, { introduced: '3.0.0' }, { introduced: '2.0.0' }, { fixed: '1.2.0' }, { introduced: '0' }] },
    ]);
    expect(isAffected(v('1.1.9'), a)).toBe(true);
    expect(isAffected(v('1.2.0'), a)).toBe(false);
    expect(isAffected(v('2.4.0'), a)).toBe(true);
    expect(isAffected(v('2.5.0'), a)).toBe(false);
    expect(isAffected(v('3.1.0'), a)).toBe(true);
  });

  it('skips GIT ranges and never lets unreadable data look safe', () => {
    expect(isAffected(v('1.0.0'), entry([{ type: 'GIT', repo: 'https://example.org/x', events: [{ introduced: '0' }] }]))).toBe(false);
    // An unparseable introduced counts as "0"; an unparseable fixed does not close the range.
    expect(isAffected(v('0.1.0'), entry([{ type: 'SEMVER', events: [{ introduced: 'garbage' }, { fixed: '1.0.0' }] }]))).toBe(true);
    expect(isAffected(v('5.0.0'), entry([{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: 'later' }] }]))).toBe(true);
  });
});
