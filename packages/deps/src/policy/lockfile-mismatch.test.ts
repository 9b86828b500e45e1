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
