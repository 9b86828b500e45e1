import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { checkNodeCore } from './node-core.js';

const db = await openDatabase({ paths: [], useCache: false });
const running = (version: string, platform?: string) =>
  checkNodeCore(db, { running: version, ...(platform !== undefined ? { platform } : {}) }).filter((m) => m.target === 'running');
const engines = (range: string) => checkNodeCore(db, { running: 'v99.0.0', engines: range }).filter((m) => m.target === 'engines');

describe('checkNodeCore: the running Node.js', () => {
  it('finds nothing for a release with every fix in the data (20.20.2, March 2026)', () => {
    expect(running('v20.20.2')).toEqual([]);
  });

  it('finds the March 2026 advisories on the release before it, with the fix on its own line', () => {
    const found = running('v20.20.1');
    const hashDos = found.find((m) => m.record.id === 'NSWG-COR-171');
    expect(hashDos).toMatchObject({ version: '20.20.1', fixedIn: '20.20.2', sameLine: true, aliases: ['CVE-2026-21717'], severity: 'moderate', source: 'shipped:nodejs-security-wg' });
    expect(found.every((m) => m.fixedIn === undefined || m.fixedIn.startsWith('20.'))).toBe(true);
  });

  it('advises a newer line when the running one got no fix (core/1.json: 5.x vulnerable, never patched)', () => {
    expect(running('5.12.0').find((m) => m.record.id === 'NSWG-COR-1')).toMatchObject({ fixedIn: '6.11.1', sameLine: false });
    expect(running('4.8.3').find((m) => m.record.id === 'NSWG-COR-1')).toMatchObject({ fixedIn: '4.8.4', sameLine: true });
    expect(running('4.8.4').map((m) => m.record.id)).not.toContain('NSWG-COR-1');
  });

  it('reports platform-specific advisories only for that platform when it is given', () => {
    // core/99.json: OpenSSL config path on linux, 18.x before 18.9.1.
    expect(running('18.9.0', 'linux').map((m) => m.record.id)).toContain('NSWG-COR-99');
    expect(running('18.9.0', 'darwin').map((m) => m.record.id)).not.toContain('NSWG-COR-99');
    expect(running('18.9.0').find((m) => m.record.id === 'NSWG-COR-99')?.environments).toEqual(['linux']);
  });

  it('ignores a version string that is not a version', () => {
    expect(checkNodeCore(db, { running: 'nightly' })).toEqual([]);
  });
});

describe('checkNodeCore: the engines range', () => {
  it('reports the lowest admitted affected version and the fix on its line (">=20.19")', () => {
    const m = engines('>=20.19').find((x) => x.record.id === 'NSWG-COR-171');
    expect(m).toMatchObject({ version: '20.19.0', fixedIn: '20.20.2', sameLine: true });
    expect(m?.lines).toEqual([
      { from: '20.19.0', fixedIn: '20.20.2' },
      { from: '22.0.0', fixedIn: '22.22.2' },
      { from: '24.0.0', fixedIn: '24.14.1' },
      { from: '25.0.0', fixedIn: '25.8.2' },
    ]);
  });

  it('admits nothing affected once every line starts at its fix', () => {
    const ids = engines('^20.20.2 || ^22.22.2 || ^24.14.1 || >=25.8.2').map((m) => m.record.id);
    expect(ids).not.toContain('NSWG-COR-171');
    expect(ids).toEqual([]);
  });

  it('finds old advisories when the range reaches back (">=8")', () => {
    const ids = engines('>=8').map((m) => m.record.id);
    expect(ids).toContain('NSWG-COR-1'); // c-ares NAPTR, July 2017: 8.x before 8.1.4
    expect(engines('>=8').find((m) => m.record.id === 'NSWG-COR-1')).toMatchObject({ version: '8.0.0', fixedIn: '8.1.4' });
  });

  it('skips an engines value that is not a range', () => {
    expect(engines('latest please')).toEqual([]);
  });
});
