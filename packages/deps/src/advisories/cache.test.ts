import { readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseAge, defaultCacheDir, importDatabase, isDatabaseStale, readCache } from './cache.js';
import { openDatabase } from './database.js';
import { matchAdvisories } from './match.js';
import { inst, rawShipped, withTempDir } from './test-support/fixtures.js';

async function advisoryDir(root: string, ids: readonly string[]): Promise<string> {
  const dir = join(root, 'src-data');
  await mkdir(dir, { recursive: true });
  for (const id of ids) await writeFile(join(dir, `${id}.json`), JSON.stringify(rawShipped(`ghsa/${id}.json`)));
  return dir;
}

describe('defaultCacheDir', () => {
  it('uses an absolute XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/rampart/deps');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative/cache', HOME: '/home/u' })).toBe('/home/u/.cache/rampart/deps');
    expect(defaultCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/rampart/deps');
  });
});

describe('importDatabase', () => {
  it('copies records into a private cache that openDatabase then reads with no flag', async () => {
    await withTempDir(async (tmp) => {
      const env = { XDG_CACHE_HOME: join(tmp, 'xdg'), HOME: join(tmp, 'home') };
      const cacheDir = defaultCacheDir(env);
      const dir = await advisoryDir(tmp, ['GHSA-xvch-5gv4-984h', 'GHSA-27h2-hvpr-p74q']);
      const entry = await importDatabase(dir, cacheDir, new Date('2026-12-01T00:00:00Z'));
      expect(entry).toMatchObject({ name: 'src-data', path: dir, records: 1, importedAt: '2026-12-01T00:00:00.000Z' });
      expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
      expect((await stat(join(cacheDir, 'index.json'))).mode & 0o777).toBe(0o600);
      expect((await stat(join(cacheDir, entry.file))).mode & 0o777).toBe(0o600);

      const db = await openDatabase({ paths: [], useShipped: false, env });
      expect(db.sources.map((s) => [s.name, s.records])).toEqual([['cache:src-data', 1]]);
      expect((await openDatabase({ paths: [], useShipped: false, useCache: false, env })).size).toBe(0);
      expect((await openDatabase({ paths: [], useShipped: false, cacheDir })).size).toBe(1);
      expect(matchAdvisories(db, [inst('minimist', '1.2.5')]).map((m) => m.record.id)).toEqual(['GHSA-xvch-5gv4-984h']);
      // The withdrawn record is cached too (so it can outvote an older live copy) but not served.
      expect((await readCache(cacheDir))[0]?.records.map((r) => r.id).sort()).toEqual(['GHSA-27h2-hvpr-p74q', 'GHSA-xvch-5gv4-984h']);
    });
  });

  it('replaces an earlier import of the same path and keeps other imports', async () => {
    await withTempDir(async (tmp) => {
      const cacheDir = join(tmp, 'cache');
      const dir = await advisoryDir(tmp, ['GHSA-xvch-5gv4-984h']);
      await importDatabase(dir, cacheDir);
      await writeFile(join(dir, 'GHSA-vh95-rmgr-6w4m.json'), JSON.stringify(rawShipped('ghsa/GHSA-vh95-rmgr-6w4m.json')));
      await importDatabase(dir, cacheDir);
      const other = join(tmp, 'GHSA-crh6-fp67-6883.json');
      await writeFile(other, JSON.stringify(rawShipped('ghsa/GHSA-crh6-fp67-6883.json')));
      await importDatabase(other, cacheDir);
      const cached = await readCache(cacheDir);
      expect(cached.map((s) => [s.name, s.records.length])).toEqual([
        ['cache:src-data', 2],
        ['cache:GHSA-crh6-fp67-6883', 1],
      ]);
    });
  });

  it('treats a missing cache as empty and a damaged one as an error naming the file', async () => {
    await withTempDir(async (tmp) => {
      expect(await readCache(join(tmp, 'none'))).toEqual([]);
      const cacheDir = join(tmp, 'cache');
      await mkdir(cacheDir);
      await writeFile(join(cacheDir, 'index.json'), '{"format": "something else"}');
      await expect(readCache(cacheDir)).rejects.toThrow(/index\.json: is not a version 2 rampart deps cache index/);
      const index = { format: 'rampart-deps-advisory-cache', version: 2, sources: [{ name: 'x', path: '/x', file: '../../etc/passwd', records: 1, newest: '', importedAt: '' }] };
      await writeFile(join(cacheDir, 'index.json'), JSON.stringify(index));
      await expect(readCache(cacheDir)).rejects.toThrow(/sources\[0\]\.file "\.\.\/\.\.\/etc\/passwd" is not a cache file name/);
      const dir = await advisoryDir(tmp, ['GHSA-xvch-5gv4-984h']);
      await writeFile(join(cacheDir, 'index.json'), '{}');
      await expect(importDatabase(dir, cacheDir)).rejects.toThrow(/is not a version 2/);
      await writeFile(join(cacheDir, 'index.json'), JSON.stringify({ ...index, sources: [] }));
      const entry = await importDatabase(dir, cacheDir);
      await writeFile(join(cacheDir, entry.file), '{"id": "GHSA-x", "modified": 3}\n');
      await expect(readCache(cacheDir)).rejects.toThrow(new RegExp(`${entry.file}:1: modified must be a string`));
      expect(JSON.parse(await readFile(join(cacheDir, 'index.json'), 'utf8'))).toMatchObject({ sources: [{ file: entry.file }] });
    });
  });

  it('reads only the records a lookup needs, and checks them when it does', async () => {
    await withTempDir(async (tmp) => {
      const cacheDir = join(tmp, 'cache');
      const dir = await advisoryDir(tmp, ['GHSA-xvch-5gv4-984h', 'GHSA-27h2-hvpr-p74q']);
      const entry = await importDatabase(dir, cacheDir);
      const data = await readFile(join(cacheDir, entry.file), 'utf8');
      const [first, second] = data.split('\n') as [string, string];
      const minimistFirst = first.includes('"minimist"');
      // Damage the record that is not about minimist, keeping its length (the entries file's byte ranges).
      const damaged = (line: string): string => line.replace(/"modified":"[^"]*"/, (m) => `"modified":${'1'.repeat(m.length - 11)}`);
      await writeFile(join(cacheDir, entry.file), minimistFirst ? `${first}\n${damaged(second)}\n` : `${damaged(first)}\n${second}\n`);
      const db = await openDatabase({ paths: [], useShipped: false, cacheDir });
      expect(db.size).toBe(1);
      expect(matchAdvisories(db, [inst('minimist', '1.2.5')]).map((m) => m.record.id)).toEqual(['GHSA-xvch-5gv4-984h']);
      // A full read (what a run did before the entries files) does trip over it.
      await expect(readCache(cacheDir)).rejects.toThrow(/modified must be a string/);
      // The one it needs is checked when it is read.
      await writeFile(join(cacheDir, entry.file), data.split('\n').map((l) => (l.includes('GHSA-xvch-5gv4-984h') ? damaged(l) : l)).join('\n'));
      const broken = await openDatabase({ paths: [], useShipped: false, cacheDir });
      expect(() => matchAdvisories(broken, [inst('minimist', '1.2.5')])).toThrow(new RegExp(`${entry.file}:\\d: modified must be a string`));
      await writeFile(join(cacheDir, entry.file), `${data}\n`);
      await expect(openDatabase({ paths: [], useShipped: false, cacheDir })).rejects.toThrow(/entries\.json: says \d+ bytes of data/);
    });
  });

  it('refuses a version 1 cache with the way out, and converts it on the next import', async () => {
    await withTempDir(async (tmp) => {
      const cacheDir = join(tmp, 'cache');
      const dir = await advisoryDir(tmp, ['GHSA-xvch-5gv4-984h']);
      const entry = await importDatabase(dir, cacheDir);
      const index = JSON.parse(await readFile(join(cacheDir, 'index.json'), 'utf8')) as Record<string, unknown>;
      await writeFile(join(cacheDir, 'index.json'), JSON.stringify({ ...index, version: 1 }));
      await rm(join(cacheDir, entry.file.replace('.ndjson', '.entries.json')));
      await expect(openDatabase({ paths: [], useShipped: false, cacheDir })).rejects.toThrow(/is a version 1 rampart deps cache.*rampart deps db import PATH/);
      const other = join(tmp, 'GHSA-crh6-fp67-6883.json');
      await writeFile(other, JSON.stringify(rawShipped('ghsa/GHSA-crh6-fp67-6883.json')));
      await importDatabase(other, cacheDir);
      const db = await openDatabase({ paths: [], useShipped: false, cacheDir });
      expect(db.sources.map((s) => [s.name, s.records])).toEqual([
        ['cache:src-data', 1],
        ['cache:GHSA-crh6-fp67-6883', 1],
      ]);
      expect(matchAdvisories(db, [inst('minimist', '1.2.5')]).map((m) => m.record.id)).toEqual(['GHSA-xvch-5gv4-984h']);
    });
  });
});

describe('databaseAge', () => {
  it('measures from the newest record, overall and per source', () => {
    const db = {
      sources: [
        { name: 'a', path: 'a', records: 1, newest: '2026-11-24T00:00:00.000Z' },
        { name: 'b', path: 'b', records: 1, newest: '2026-03-01T00:00:00.000Z' },
        { name: 'empty', path: 'e', records: 0, newest: '' },
      ],
    };
    const age = databaseAge(db, new Date('2026-12-01T00:00:00Z'));
    expect(age.newest).toBe('2026-11-24T00:00:00.000Z');
    expect(age.ageDays).toBe(7);
    expect(age.sources.map((s) => s.ageDays)).toEqual([7, 275, undefined]);
    expect(isDatabaseStale(age)).toBe(false);
    expect(isDatabaseStale(age, 6)).toBe(true);
    expect(isDatabaseStale(databaseAge({ sources: [] }))).toBe(true);
  });

  it('says the shipped data is older than a week today', async () => {
    const db = await openDatabase({ paths: [], useCache: false });
    expect(isDatabaseStale(databaseAge(db, new Date('2026-12-01T00:00:00Z')))).toBe(true);
  });
});
