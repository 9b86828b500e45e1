import { describe, expect, it } from 'vitest';
import { databaseFromRecords } from '../advisories/database.js';
import { matchAdvisories } from '../advisories/match.js';
import { inst } from '../advisories/test-support/fixtures.js';
import { queryNpmBulk } from './npm-bulk.js';
import { startNpmStandIn, type NpmAdvisory } from './test-support/npm-stand-in.js';
import { sendJson, startServer } from './test-support/server.js';
import { rejection, trackStandIns } from './test-support/tracked.js';

// What the registry answers for minimist: one advisory per vulnerable range, same GHSA.
const minimist: NpmAdvisory[] = [
  {
    id: 1096466,
    url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
    title: 'Prototype Pollution in minimist',
    severity: 'critical',
    vulnerable_versions: '<0.2.4',
    cwe: ['CWE-1321'],
    cvss: { score: 9.8, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
  },
  {
    id: 1097678,
    url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
    title: 'Prototype Pollution in minimist',
    severity: 'critical',
    vulnerable_versions: '>=1.0.0 <1.2.6',
    cwe: ['CWE-1321'],
    cvss: { score: 9.8, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
  },
];
const legacy: NpmAdvisory = { id: 48, url: 'https://www.npmjs.com/advisories/48', title: 'Old one', severity: 'moderate', vulnerable_versions: '<=1.5.1', cwe: [], cvss: null };

const start = trackStandIns();

describe('npm bulk advisory client against a local stand-in', () => {
  it('sends {name: [versions]} gzip-encoded and turns the answer into OSV records that match', async () => {
    const npm = await start(startNpmStandIn({ minimist, bassmaster: [legacy] }));
    const records = await queryNpmBulk(
      [
        { name: 'minimist', version: '1.2.5' },
        { name: 'minimist', version: '0.0.8' },
        { name: 'bassmaster', version: '1.5.0' },
        { name: 'left-pad', version: '1.3.0' },
      ],
      { registry: npm.url, now: new Date('2026-12-01T00:00:00Z') },
    );
    expect(npm.requests[0]?.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(npm.requests[0]?.body ?? '')).toEqual({ minimist: ['0.0.8', '1.2.5'], bassmaster: ['1.5.0'], 'left-pad': ['1.3.0'] });

    const xvch = records.find((r) => r.id === 'GHSA-xvch-5gv4-984h');
    expect(xvch).toMatchObject({
      modified: '2026-12-01T00:00:00.000Z',
      summary: 'Prototype Pollution in minimist',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      database_specific: { severity: 'CRITICAL', npm_advisory_id: 1096466, cwe_ids: ['CWE-1321'] },
    });
    // The two ranges of one GHSA are one record with two affected entries.
    expect(xvch?.affected?.map((a) => a.ranges?.[0]?.events)).toEqual([
      [{ introduced: '0' }, { fixed: '0.2.4' }],
      [{ introduced: '1.0.0' }, { fixed: '1.2.6' }],
    ]);
    expect(records.find((r) => r.id === 'NPM-48')).toMatchObject({ severity: [], database_specific: { severity: 'MODERATE' } });

    const db = databaseFromRecords(records, 'npm-registry');
    const matches = matchAdvisories(db, [inst('minimist', '1.2.5'), inst('minimist', '0.0.8'), inst('bassmaster', '1.5.0')]);
    expect(matches.map((m) => [m.instance.version, m.record.id, m.fixedIn, m.severity])).toEqual([
      ['1.2.5', 'GHSA-xvch-5gv4-984h', '1.2.6', 'critical'],
      ['0.0.8', 'GHSA-xvch-5gv4-984h', '0.2.4', 'critical'],
      ['1.5.0', 'NPM-48', undefined, 'moderate'],
    ]);
  });

  it('keeps a hostile package name as data', async () => {
    const npm = await start(startNpmStandIn({ minimist }));
    expect(await queryNpmBulk([{ name: '__proto__', version: '1.0.0' }], { registry: npm.url })).toEqual([]);
    expect(JSON.parse(npm.requests[0]?.body ?? '')).toEqual(JSON.parse('{"__proto__":["1.0.0"]}'));
    expect(await queryNpmBulk([], { registry: npm.url })).toEqual([]);
  });

  it('turns failures into typed errors', async () => {
    const down = await start(startServer((_req, res) => sendJson(res, 503, { error: 'unavailable' })));
    expect(await rejection(queryNpmBulk([{ name: 'a', version: '1.0.0' }], { registry: down.url }))).toMatchObject({ kind: 'http', status: 503 });
    const slow = await start(startNpmStandIn({ minimist }, 2_000));
    expect((await rejection(queryNpmBulk([{ name: 'a', version: '1.0.0' }], { registry: slow.url, timeoutMs: 100 }))).kind).toBe('timeout');
    for (const answer of [[1], { minimist: 'nope' }, { minimist: [{ url: 'x', vulnerable_versions: 3 }] }, { minimist: [{ id: 1, vulnerable_versions: 'sometime' }] }, { minimist: [{ vulnerable_versions: '<1' }] }]) {
      const bad = await start(startServer((_req, res) => sendJson(res, 200, answer)));
      expect((await rejection(queryNpmBulk([{ name: 'minimist', version: '1.0.0' }], { registry: bad.url }))).kind).toBe('protocol');
    }
  });
});
