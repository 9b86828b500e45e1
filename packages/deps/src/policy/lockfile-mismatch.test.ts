import { describe, expect, it } from 'vitest';
import { graph, importer, pkg } from '../graph/test-support/graph.js';
import { readSample } from '../lockfiles/test-support/samples.js';
import { lockfileMismatch, semverRange } from './lockfile-mismatch.js';
import { DEFAULT_ALLOWED_REGISTRIES, type ResolvedConfig } from './types.js';

const config: ResolvedConfig = { allowedRegistries: DEFAULT_ALLOWED_REGISTRIES, allowSources: new Set(), allowScripts: {}, popularNames: [] };

describe('lockfile-mismatch', () => {
  it('knows which declarations are semver ranges', () => {
    expect(['^1.2.0', 'npm:lodash@^4.17.0', 'workspace:^1.0.0', '*', 'workspace:*', 'github:a/b', 'file:../x', 'latest', 'https://x/y.tgz'].map(semverRange)).toEqual(['^1.2.0', '^4.17.0', '^1.0.0', undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('flags a declared dependency the lockfile lacks, or installs outside its range', () => {
    const g = graph(
      [importer('', 'app', { dependencies: { a: '^1.0.0', b: '^2.0.0', gone: '^1.0.0', x: 'npm:lodash@^4.0.0' }, devDependencies: { d: '~3.1.0' }, optionalDependencies: { maybe: '^1.0.0' }, peerDependencies: { p: '^1.0.0' } })],
      [pkg('a@1.4.0'), pkg('b@1.9.0'), pkg('lodash@3.10.1', { alias: 'x' }), pkg('d@3.2.0')],
      { '': ['a@1.4.0', 'b@1.9.0', 'lodash@3.10.1', 'd@3.2.0'] },
    );
    const hits = lockfileMismatch.check(g, config);
    expect(hits.map((h) => h.title)).toEqual([
      'app declares b@^2.0.0 but the lockfile installs 1.9.0',
      'app declares gone@^1.0.0 in dependencies but the lockfile does not install it',
      'app declares x@npm:lodash@^4.0.0 but the lockfile installs 3.10.1',
      'app declares d@~3.1.0 but the lockfile installs 3.2.0',
    ]);
    expect(hits[1]?.subject).toEqual({ package: 'gone', version: '^1.0.0', key: 'importer:', importer: 'app', dev: false });
  });

  it('finds nothing on the real samples, whose lockfiles match their package.json', async () => {
    for (const s of ['npm1/package-lock.json', 'npm2/package-lock.json', 'npm3/package-lock.json', 'pnpm8/pnpm-lock.yaml', 'pnpm9/pnpm-lock.yaml', 'yarn1/yarn.lock', 'berry/yarn.lock', 'rampart/package-lock.json']) {
      expect([s, lockfileMismatch.check(await readSample(s), config)]).toEqual([s, []]);
    }
  });
});

describe('lockfile-mismatch against what the lockfile records', () => {
  const npmLock = JSON.stringify({
    lockfileVersion: 3,
    packages: {
      '': { name: 'app', dependencies: { a: '^1.0.0', old: '^1.0.0' }, devDependencies: { d: '^2.0.0' } },
      'node_modules/a': { version: '1.5.0', integrity: 'sha512-a' },
      'node_modules/old': { version: '1.0.0', integrity: 'sha512-o' },
      'node_modules/d': { version: '2.0.0', integrity: 'sha512-d', dev: true },
      // Hoisted for someone else: installed, but not recorded as the root's.
      'node_modules/h': { version: '3.0.0', integrity: 'sha512-h' },
    },
  });

  it('accepts a peer dependency that is also a dev dependency with another range (npm v3)', async () => {
    const { parseNpmLockfile } = await import('../lockfiles/npm.js');
    const { memoryManifests } = await import('../lockfiles/test-support/samples.js');
    const manifest = { name: 'lib', devDependencies: { fastify: '5.12.8' }, peerDependencies: { fastify: '^5.12.0' } };
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: { '': manifest, 'node_modules/fastify': { version: '5.12.8', integrity: 'sha512-f', dev: true } },
    });
    const g = parseNpmLockfile(lock, 'package-lock.json', memoryManifests({ '': manifest }));
    expect(lockfileMismatch.check(g, config)).toEqual([]);
  });

  it('reports declarations the lockfile was not written for (npm v3), as npm ci would', async () => {
    const { parseNpmLockfile } = await import('../lockfiles/npm.js');
    const { memoryManifests } = await import('../lockfiles/test-support/samples.js');
    const g = parseNpmLockfile(npmLock, 'package-lock.json', memoryManifests({ '': { name: 'app', dependencies: { a: '^1.2.0', h: '^3.0.0' }, devDependencies: { d: '^2.0.0' } } }));
    expect(lockfileMismatch.check(g, config).map((h) => h.title)).toEqual([
      'app declares a@^1.2.0 but the lockfile was written for a@^1.0.0',
      'app declares h@^3.0.0 in dependencies but the lockfile does not record it',
      'the lockfile records old@^1.0.0 for app, whose package.json does not declare it',
    ]);
  });

  it('reads pnpm specifiers and berry workspace entries the same way', async () => {
    const { parsePnpmLockfile } = await import('../lockfiles/pnpm.js');
    const { parseYarnBerryLockfile } = await import('../lockfiles/yarn-berry.js');
    const { memoryManifests } = await import('../lockfiles/test-support/samples.js');
    const manifests = memoryManifests({ '': { name: 'app', dependencies: { a: '^1.2.0' } } });
    const pnpm = parsePnpmLockfile("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: ^1.0.0\n        version: 1.5.0\npackages:\n  a@1.5.0:\n    resolution: {integrity: sha512-a}\nsnapshots:\n  a@1.5.0: {}\n", 'pnpm-lock.yaml', manifests);
    expect(lockfileMismatch.check(pnpm, config).map((h) => h.title)).toEqual(['app declares a@^1.2.0 but the lockfile was written for a@^1.0.0']);
    const berry = parseYarnBerryLockfile('__metadata:\n  version: 8\n\n"a@npm:^1.2.0":\n  version: 1.5.0\n  resolution: "a@npm:1.5.0"\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n  dependencies:\n    a: "npm:^1.2.0"\n', 'yarn.lock', manifests);
    expect(lockfileMismatch.check(berry, config)).toEqual([]);
  });
});
