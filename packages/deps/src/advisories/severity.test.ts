import { describe, expect, it } from 'vitest';
import type { OsvRecord } from './osv.js';
import { recordSeverity, scoreCvss, severityFromRating, severityFromScore } from './severity.js';
import { ghsa, wgCore, wgNpm } from './test-support/fixtures.js';

const base: OsvRecord = { id: 'X-1', modified: '2024-01-01T00:00:00Z' };

describe('CVSS scores through ae-cvss-calculator', () => {
  it('scores v3.0, v3.1 and v4.0 base vectors (FIRST reference values)', () => {
    expect(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toEqual({ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 });
    expect(scoreCvss('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N')?.score).toBe(6.5);
    expect(scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')?.score).toBe(9.3);
    expect(scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N')?.score).toBe(8.7);
  });

  it('has no score for incomplete, invalid or unknown vectors', () => {
    expect(scoreCvss('CVSS:4.0/AV:N')).toBeUndefined();
    expect(scoreCvss('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N')).toBeUndefined();
    expect(scoreCvss('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBeUndefined(); // CVSS v2: not scored
    expect(scoreCvss('garbage')).toBeUndefined();
    expect(scoreCvss(`CVSS:3.1/${'AV:N/'.repeat(500)}`)).toBeUndefined();
  });

  it('bands scores as CVSS does', () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityFromScore)).toEqual([
      'low', 'low', 'low', 'moderate', 'moderate', 'high', 'high', 'critical', 'critical',
    ]);
  });
});

describe('record severity', () => {
  it('prefers the v4 vector when a record has both (vite, GHSA-64vr-g452-qvp3: v3.1 6.4, v4 4.8)', () => {
    const s = recordSeverity(ghsa('GHSA-64vr-g452-qvp3'));
    expect(s).toMatchObject({ severity: 'moderate', basis: 'cvss', cvss: { version: '4.0', score: 4.8 } });
    // express GHSA-jj78-5fmv-mv28: v3.1 says 4.7 (moderate), v4 says 2.1 (low) as GitHub rates it.
    expect(recordSeverity(ghsa('GHSA-jj78-5fmv-mv28'))).toMatchObject({ severity: 'low', cvss: { version: '4.0', score: 2.1 } });
  });

  it('scores v3.1-only and v3.0 (WG) vectors', () => {
    expect(recordSeverity(ghsa('GHSA-xvch-5gv4-984h'))).toMatchObject({ severity: 'critical', cvss: { version: '3.1', score: 9.8 } });
    expect(recordSeverity(wgNpm(1))).toMatchObject({ severity: 'moderate', cvss: { version: '3.0', score: 6.5 } });
  });

  it("falls back to the record's own rating, then to moderate", () => {
    // ua-parser-js malware: no vector, rated CRITICAL.
    expect(recordSeverity(ghsa('GHSA-pjwm-rvh2-c87w'))).toEqual({ severity: 'critical', basis: 'rating' });
    // A core record with only the WG's word "high".
    expect(recordSeverity(wgCore(1))).toEqual({ severity: 'high', basis: 'rating' });
    expect(recordSeverity({ ...base, severity: [{ type: 'CVSS_V3', score: 'broken' }], database_specific: { severity: 'LOW' } })).toEqual({ severity: 'low', basis: 'rating' });
    expect(recordSeverity(base)).toEqual({ severity: 'moderate', basis: 'default' });
    expect(severityFromRating('medium')).toBe('moderate');
    expect(severityFromRating(42)).toBeUndefined();
  });
});
