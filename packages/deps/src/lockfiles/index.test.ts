import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLockfile, LockfileError, readLockfile } from './index.js';
import { samplePath } from './test-support/samples.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-lockfiles-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(entries)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

async function errorOf(p: Promise<unknown>): Promise<LockfileError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LockfileError);
    return err as LockfileError;
  }
  throw new Error('did not throw');
}

const npmLock = JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x' } } });

describe('findLockfile', () => {
  it('finds each format', async () => {
    await files({ 'yarn.lock': '# yarn lockfile v1\n' });
    expect(await findLockfile(dir)).toBe(join(dir, 'yarn.lock'));
    await files({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    expect(await findLockfile(dir)).toBe(join(dir, 'pnpm-lock.yaml'));
    await files({ 'package-lock.json': npmLock });
    expect(await findLockfile(dir)).toBe(join(dir, 'package-lock.json'));
    await files({ 'npm-shrinkwrap.json': npmLock });
    expect(await findLockfile(dir)).toBe(join(dir, 'npm-shrinkwrap.json'));
  });

  it("prefers the lockfile of package.json's packageManager when several are present", async () => {
    await files({ 'package-lock.json': npmLock, 'yarn.lock': '', 'pnpm-lock.yaml': '', 'package.json': '{"packageManager":"yarn@4.5.0"}' });
    expect(await findLockfile(dir)).toBe(join(dir, 'yarn.lock'));
    await files({ 'package.json': '{"packageManager":"pnpm@9.15.0+sha512.abc"}' });
    expect(await findLockfile(dir)).toBe(join(dir, 'pnpm-lock.yaml'));
    await files({ 'package.json': '{"packageManager":"bun@1"}' });
    expect(await findLockfile(dir)).toBe(join(dir, 'package-lock.json'));
    await files({ 'package.json': '{oops' });
    expect(await findLockfile(dir)).toBe(join(dir, 'package-lock.json'));
  });

  it('says not-found for a folder without one, or no folder', async () => {
    expect((await errorOf(findLockfile(dir))).code).toBe('not-found');
    const missing = await errorOf(findLockfile(join(dir, 'nope')));
    expect([missing.code, missing.message]).toEqual(['not-found', expect.stringContaining(join(dir, 'nope'))]);
  });
});

describe('readLockfile', () => {
  it('reads a folder through findLockfile, and each sample by its name', async () => {
    const g = await readLockfile(samplePath('npm3'));
    expect(g.lockfile.format).toBe('npm');
    for (const [sample, format] of [
      ['pnpm9/pnpm-lock.yaml', 'pnpm'],
      ['yarn1/yarn.lock', 'yarn-classic'],
      ['berry/yarn.lock', 'yarn-berry'],
    ] as const) {
      expect((await readLockfile(samplePath(sample))).lockfile.format).toBe(format);
    }
  });

  it('reads npm-shrinkwrap.json as npm does', async () => {
    await files({ 'npm-shrinkwrap.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/a': { version: '1.0.0' } } }), 'package.json': '{"name":"x","dependencies":{"a":"^1.0.0"}}' });
    const g = await readLockfile(join(dir, 'npm-shrinkwrap.json'));
    expect(g.packages.map((p) => p.key)).toEqual(['node_modules/a']);
    expect(g.edges.get('')).toEqual(['node_modules/a']);
  });

  it('turns every kind of bad input into a LockfileError naming the file', async () => {
    const cases: [Record<string, string>, string, LockfileError['code']][] = [
      [{}, 'package-lock.json', 'not-found'],
      [{ 'Gemfile.lock': 'x' }, 'Gemfile.lock', 'unsupported'],
      [{ 'package-lock.json': '{"lockfileVersion":3,', 'package.json': '{}' }, 'package-lock.json', 'malformed'],
      [{ 'package-lock.json': '"just a string"', 'package.json': '{}' }, 'package-lock.json', 'malformed'],
      [{ 'package-lock.json': npmLock }, 'package-lock.json', 'manifest'],
      [{ 'package-lock.json': npmLock, 'package.json': '{"dependencies": []}' }, 'package-lock.json', 'manifest'],
      [{ 'package-lock.json': npmLock, 'package.json': '{"dependencies": {"a": 1}}' }, 'package-lock.json', 'manifest'],
      [{ 'package-lock.json': npmLock, 'package.json': 'nope' }, 'package-lock.json', 'manifest'],
      [{ 'pnpm-lock.yaml': ': : :\n  - [', 'package.json': '{}' }, 'pnpm-lock.yaml', 'malformed'],
      [{ 'yarn.lock': '\u0000\u0001binary', 'package.json': '{}' }, 'yarn.lock', 'malformed'],
    ];
    for (const [entries, name, code] of cases) {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir);
      await files(entries);
      const err = await errorOf(readLockfile(join(dir, name)));
      expect([name, err.code]).toEqual([name, code]);
      expect(err.message).toContain(dir);
    }
  });

  it('refuses a file over the size limit before reading it', async () => {
    await files({ 'package-lock.json': npmLock.padEnd(5_000, ' '), 'package.json': '{}' });
    const err = await errorOf(readLockfile(join(dir, 'package-lock.json'), { maxBytes: 4_096 }));
    expect([err.code, err.message]).toEqual(['malformed', expect.stringMatching(/package-lock\.json: is 5000 bytes, more than the 4096/)]);
  });

  it('reads a lockfile with a byte-order mark', async () => {
    await files({ 'package-lock.json': `\ufeff${npmLock}`, 'package.json': '{"name":"x"}' });
    expect((await readLockfile(join(dir, 'package-lock.json'))).importers[0]?.name).toBe('x');
  });

  it('finds workspaces on disk for yarn, with ! exclusions', async () => {
    await files({
      'yarn.lock': '# yarn lockfile v1\n\n',
      'package.json': JSON.stringify({ name: 'root', workspaces: ['packages/*', '!packages/skip'] }),
      'packages/a/package.json': '{"name":"a"}',
      'packages/skip/package.json': '{"name":"skip"}',
      'packages/none/readme.md': '',
      'node_modules/x/package.json': '{"name":"x"}',
    });
    const g = await readLockfile(join(dir, 'yarn.lock'));
    expect(g.importers.map((i) => i.path)).toEqual(['', 'packages/a']);
  });
});

describe('hostile lockfiles', () => {
  it('does not read package.json files outside the project folder', async () => {
    await files({
      'inner/package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'packages/../../secret': { name: 'x' }, 'node_modules/x': { link: true, resolved: 'packages/../../secret' } } }),
      'inner/package.json': JSON.stringify({ name: 'root', workspaces: ['packages/**'] }),
      'secret/package.json': JSON.stringify({ name: 'secret-name', version: '9.9.9' }),
    });
    const g = await readLockfile(join(dir, 'inner', 'package-lock.json'));
    expect(JSON.stringify(g.importers)).not.toContain('secret-name');
  });

  it('reports deep nesting as malformed, not as a crash', async () => {
    // npm v1: 300 levels of `dependencies` nesting.
    let nested = '{"version":"1.0.0"}';
    for (let i = 0; i < 300; i++) nested = `{"version":"1.0.0","dependencies":{"a":${nested}}}`;
    await files({ 'package.json': '{}', 'package-lock.json': `{"lockfileVersion":1,"dependencies":{"a":${nested}}}` });
    const err = await errorOf(readLockfile(join(dir, 'package-lock.json')));
    expect([err.code, err.message]).toEqual(['malformed', expect.stringContaining('more than 200 deep')]);
    await files({ 'pnpm-lock.yaml': `lockfileVersion: '9.0'\nimporters: ${'['.repeat(100_000)}\n` });
    expect((await errorOf(readLockfile(join(dir, 'pnpm-lock.yaml')))).code).toBe('malformed');
    await files({ 'package-lock.json': '['.repeat(1_000_000) });
    expect((await errorOf(readLockfile(join(dir, 'package-lock.json')))).code).toBe('malformed');
  });
});

describe('importer lines', () => {
  it("points each importer at its entry where the format has one", async () => {
    const { lineOf } = await import('./test-support/samples.js');
    const cases: [string, string[]][] = [
      ['npm3/package-lock.json', ['    "": {', '    "packages/lib": {']],
      ['pnpm9/pnpm-lock.yaml', ['  .:', '  packages/lib:']],
      ['berry/yarn.lock', ['"sample-app@workspace:.":', '"@sample/lib@workspace:*, @sample/lib@workspace:packages/lib":']],
    ];
    for (const [sample, expected] of cases) {
      const g = await readLockfile(samplePath(sample));
      expect(g.importers.map((i) => lineOf(sample, i.line))).toEqual(expected);
    }
  });
});
