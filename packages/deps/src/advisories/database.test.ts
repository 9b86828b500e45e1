import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildDatabase, databaseFromRecords, openDatabase } from './database.js';
import { AdvisoryDataError } from './errors.js';
import { matchAdvisories } from './match.js';
import type { OsvRecord } from './osv.js';
import { inst, rawShipped, withTempDir } from './test-support/fixtures.js';
import { readZipJson } from './zip.js';

const record = (id: string, modified: string, name = 'pkg', extra: Partial<OsvRecord> = {}): OsvRecord => ({
  id,
  modified,
  affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] }],
  ...extra,
});
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe('openDatabase with the shipped data', () => {
  it('works with no path and no cache: WG npm + core and the GitHub advisories, withdrawn one skipped', async () => {
    const db = await openDatabase({ paths: [], useCache: false });
    expect(db.sources.map((s) => [s.name, s.records])).toEqual([
      ['shipped:nodejs-security-wg', 467 + 171],
      ['shipped:ghsa', 59],
    ]);
    expect(db.size).toBe(697);
    expect(db.sources[0]?.newest).toBe('2026-03-01T00:00:00.000Z');
    expect(db.recordsFor('npm', 'lodash').map((r) => r.id)).toContain('GHSA-jf85-cpcp-j695');
    // GHSA-27h2-hvpr-p74q (jsonwebtoken) is withdrawn upstream.
    expect(db.recordsFor('npm', 'jsonwebtoken').map((r) => r.id)).not.toContain('GHSA-27h2-hvpr-p74q');
    // npm names fold case: the advisory spells it "Axios".
    expect(db.recordsFor('npm', 'axios').map((r) => r.id)).toContain('GHSA-8hc4-vh64-cxmj');
    expect(db.recordsFor('npm', 'AXIOS')).toEqual(db.recordsFor('npm', 'axios'));
    expect(db.sourceOf('GHSA-8hc4-vh64-cxmj')).toBe('shipped:ghsa');
    expect(db.recordsFor('npm', 'no-such-package')).toEqual([]);
  });
});

describe('openDatabase on directories and zips', () => {
  it('walks a directory, recognising OSV and WG files by shape and skipping other JSON', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'wg', 'npm'), { recursive: true });
      await writeFile(join(dir, 'GHSA-vh95-rmgr-6w4m.json'), json(rawShipped('ghsa/GHSA-vh95-rmgr-6w4m.json')));
      await writeFile(join(dir, 'wg', 'npm', '8.json'), json(rawShipped('nodejs-security-wg/npm/8.json')));
      await writeFile(join(dir, 'package.json'), json({ name: 'not-advisories', version: '1.0.0' }));
      await writeFile(join(dir, 'README.md'), '# notes\n');
      const db = await openDatabase({ paths: [dir], useCache: false, useShipped: false });
      expect(db.size).toBe(2);
      expect(db.recordsFor('npm', 'minimist').map((r) => r.id)).toEqual(['GHSA-vh95-rmgr-6w4m']);
      expect(db.recordsFor('npm', 'express').map((r) => r.id)).toEqual(['NSWG-ECO-8']);
      expect(db.sources[0]).toMatchObject({ records: 2, newest: '2022-04-26T21:01:40.000Z' });
    });
  });

  it('reads a zip shaped like osv.dev\'s npm/all.zip', async () => {
    await withTempDir(async (dir) => {
      const zip = join(dir, 'all.zip');
      const ids = ['GHSA-xvch-5gv4-984h', 'GHSA-crh6-fp67-6883', 'GHSA-27h2-hvpr-p74q'];
      const files = Object.fromEntries(ids.map((id) => [`${id}.json`, strToU8(json(rawShipped(`ghsa/${id}.json`)))]));
      await writeFile(zip, zipSync({ ...files, 'LICENSE.txt': strToU8('CC-BY-4.0') }));
      const db = await openDatabase({ paths: [zip], useCache: false, useShipped: false });
      expect(db.sources).toEqual([{ name: 'all', path: zip, records: 2, newest: expect.any(String) as string }]);
      const matches = matchAdvisories(db, [inst('minimist', '1.2.5'), inst('@xmldom/xmldom', '0.8.3')]);
      expect(matches.map((m) => m.record.id)).toEqual(['GHSA-xvch-5gv4-984h', 'GHSA-crh6-fp67-6883']);
    });
  });

  it('turns bad files into AdvisoryDataErrors that name them', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'GHSA-bad.json'), '{"id": "GHSA-bad", ');
      await expect(openDatabase({ paths: [dir], useCache: false, useShipped: false })).rejects.toThrow(
        new RegExp(`${join(dir, 'GHSA-bad.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON`),
      );
      await writeFile(join(dir, 'GHSA-bad.json'), json({ id: 'GHSA-bad', modified: '2024-01-01T00:00:00Z', affected: { package: 'x' } }));
      await expect(openDatabase({ paths: [dir], useCache: false, useShipped: false })).rejects.toThrow(/GHSA-bad\.json: affected must be an array, not an object/);
      await expect(openDatabase({ paths: [join(dir, 'nope')], useCache: false, useShipped: false })).rejects.toThrow(/nope: cannot be opened \(ENOENT\)/);
      await writeFile(join(dir, 'x.txt'), 'hello');
      await expect(openDatabase({ paths: [join(dir, 'x.txt')], useCache: false, useShipped: false })).rejects.toThrow(AdvisoryDataError);
      await writeFile(join(dir, 'broken.zip'), 'PK\u0003\u0004 not really a zip');
      await expect(openDatabase({ paths: [join(dir, 'broken.zip')], useCache: false, useShipped: false })).rejects.toThrow(/broken\.zip: is not a readable zip/);
    });
  });

  it('caps zip entries, their size and their number', async () => {
    await withTempDir(async (dir) => {
      const zip = join(dir, 'bomb.zip');
      // 2 MB of one character deflates to a few kB.
      await writeFile(zip, zipSync({ 'a.json': strToU8(`"${'a'.repeat(2_000_000)}"`), 'b.json': strToU8('1') }));
      const noop = () => undefined;
      await expect(readZipJson(zip, noop, { maxEntryBytes: 1_000_000, maxTotalBytes: 1e9, maxEntries: 10 })).rejects.toThrow(/bomb\.zip!a\.json: is 2000002 bytes, more than the 1000000 allowed/);
      await expect(readZipJson(zip, noop, { maxEntryBytes: 1e7, maxTotalBytes: 1_000_000, maxEntries: 10 })).rejects.toThrow(/unpacks to more than/);
      await expect(readZipJson(zip, noop, { maxEntryBytes: 1e7, maxTotalBytes: 1e9, maxEntries: 1 })).rejects.toThrow(/has 2 entries, more than the 1 allowed/);
    });
  });
});

describe('deduplication, withdrawal and the index', () => {
  it('keeps the newest modified copy of an id, whichever source comes first', () => {
    const old = record('GHSA-aaaa-bbbb-cccc', '2023-01-01T00:00:00Z', 'pkg', { summary: 'old' });
    const fresh = record('GHSA-aaaa-bbbb-cccc', '2024-06-01T00:00:00Z', 'pkg', { summary: 'new' });
    for (const order of [[old, fresh], [fresh, old]]) {
      const db = buildDatabase(order.map((r, i) => ({ name: `s${i}`, path: `s${i}`, records: [r] })));
      expect(db.size).toBe(1);
      expect(db.recordsFor('npm', 'pkg').map((r) => r.summary)).toEqual(['new']);
    }
  });

  it('drops a record whose newest copy is withdrawn, even if an older copy is not', () => {
    const live = record('GHSA-aaaa-bbbb-cccc', '2023-01-01T00:00:00Z');
    const withdrawn = record('GHSA-aaaa-bbbb-cccc', '2024-01-01T00:00:00Z', 'pkg', { withdrawn: '2024-01-01T00:00:00Z' });
    const db = buildDatabase([
      { name: 'a', path: 'a', records: [live] },
      { name: 'b', path: 'b', records: [withdrawn] },
    ]);
    expect(db.size).toBe(0);
    expect(db.recordsFor('npm', 'pkg')).toEqual([]);
    expect(db.sources.map((s) => s.records)).toEqual([0, 0]);
  });

  it('lets an explicit path win a tie on modified over the shipped copy', async () => {
    await withTempDir(async (dir) => {
      const raw = rawShipped('ghsa/GHSA-xvch-5gv4-984h.json') as Record<string, unknown>;
      await writeFile(join(dir, 'GHSA-xvch-5gv4-984h.json'), json({ ...raw, summary: 'local copy' }));
      const db = await openDatabase({ paths: [dir], useCache: false });
      expect(db.recordsFor('npm', 'minimist').find((r) => r.id === 'GHSA-xvch-5gv4-984h')?.summary).toBe('local copy');
      expect(db.sourceOf('GHSA-xvch-5gv4-984h')).toBe(dir.split('/').pop());
      expect(db.sources.find((s) => s.name === 'shipped:ghsa')?.records).toBe(58);
    });
  });

  it("reads a WG folder's index.json when the per-id files are absent, and skips it when they are there", async () => {
    await withTempDir(async (dir) => {
      const index = { '1': rawShipped('nodejs-security-wg/npm/1.json'), '8': rawShipped('nodejs-security-wg/npm/8.json') };
      await writeFile(join(dir, 'index.json'), json(index));
      const db = await openDatabase({ paths: [dir], useCache: false, useShipped: false });
      expect(db.size).toBe(2);
      expect(db.recordsFor('npm', 'bassmaster').map((r) => r.id)).toEqual(['NSWG-ECO-1']);
      await writeFile(join(dir, '1.json'), json(rawShipped('nodejs-security-wg/npm/1.json')));
      const perId = await openDatabase({ paths: [dir], useCache: false, useShipped: false });
      expect(perId.size).toBe(1);
    });
  });

  it('accepts in-memory records (the online clients) next to files', async () => {
    const db = await openDatabase({ paths: [], useCache: false, useShipped: false, records: [{ name: 'osv.dev', records: [record('OSV-1', '2024-01-01T00:00:00Z')] }] });
    expect(db.sources).toEqual([{ name: 'osv.dev', path: 'osv.dev', records: 1, newest: '2024-01-01T00:00:00.000Z' }]);
    expect(databaseFromRecords([record('OSV-1', '2024-01-01T00:00:00Z')], 'x').recordsFor('npm', 'pkg')).toHaveLength(1);
  });

  it('matches 20,000 copies against 20,000 records through the index, not their product', () => {
    const records = Array.from({ length: 20_000 }, (_, i) => record(`X-${i}`, '2024-01-01T00:00:00Z', `pkg-${i}`));
    const db = databaseFromRecords(records, 'synthetic');
    const copies = Array.from({ length: 20_000 }, (_, i) => inst(`pkg-${i}`, i % 2 === 0 ? '1.0.0' : '3.0.0'));
    const started = performance.now();
    const matches = matchAdvisories(db, copies);
    // 400 million range checks would take minutes; indexed, this is well under a second.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(matches).toHaveLength(10_000);
    expect(db.recordsFor('npm', 'pkg-7').map((r) => r.id)).toEqual(['X-7']);
  });
});
