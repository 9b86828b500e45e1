import { describe, expect, it } from 'vitest';
import { graph, importer, pkg } from '../graph/test-support/graph.js';
import { readSample } from '../lockfiles/test-support/samples.js';
import { defaultPopularNames } from './popular-names.js';
import { imitates, squatIndex, typoDistance, typosquat } from './typosquat.js';
import { DEFAULT_ALLOWED_REGISTRIES, type ResolvedConfig } from './types.js';

const popular = defaultPopularNames();
const index = squatIndex(popular);
const config: ResolvedConfig = { allowedRegistries: DEFAULT_ALLOWED_REGISTRIES, allowSources: new Set(), allowScripts: {}, popularNames: popular };

describe('typosquat', () => {
  it('ships the 5,000-name list', () => {
    expect(popular.length).toBe(5_000);
    expect(popular).toContain('lodash');
    expect(popular.some((n) => n.startsWith('#'))).toBe(false);
  });

  it('counts a swap of neighbours as one edit, and two edits only in different words', () => {
    expect(typoDistance('lodahs', 'lodash')).toBe(1);
    expect(typoDistance('expres-validatr', 'express-validator')).toBe(2);
    expect(typoDistance('import-global', 'import-local')).toBe(3);
  });

  it('finds known typosquats of popular packages', () => {
    const squats: Record<string, string> = {
      crossenv: 'cross-env',
      'cross_env': 'cross-env',
      lodahs: 'lodash',
      mongose: 'mongoose',
      expresss: 'express',
      typescirpt: 'typescript',
      'react_dom': 'react-dom',
      'types-node': '@types/node',
      '@bable/core': '@babel/core',
      'eslint-plugn-imprt': 'eslint-plugin-import',
      '@evil/lodahs': 'lodash',
      '@evil/cross_env': 'cross-env',
    };
    for (const [name, like] of Object.entries(squats)) expect([name, imitates(name, index)]).toEqual([name, like]);
  });

  it('leaves alone popular names, @types, scoped forks, short names and unrelated names', () => {
    for (const name of ['lodash', 'express', 'cross-env', '@types/lodash', '@types/expresss', '@babel/cor', '@myorg/lodash', '@acme/express', '@gatsbyjs/reach-router', '@acme/lodas', 'ms', 'qs', 'mx', 'isurl', 'import-global', 'rampart', '@rampart/deps', 'my-very-own-package']) {
      expect([name, imitates(name, index)]).toEqual([name, undefined]);
    }
  });

  it('checks aliases too, and reports the popular name in the fix', () => {
    const g = graph([importer('', 'app')], [pkg('lodash@4.17.21', { alias: 'lodahs' }), pkg('crossenv@7.0.0'), pkg('ws@1.0.0', { source: 'workspace', name: 'lodahs' })], {});
    const hits = typosquat.check(g, config);
    expect(hits.map((h) => [h.pkg?.key, h.title])).toEqual([
      ['lodash@4.17.21', 'lodahs@4.17.21 looks like the popular package lodash'],
      ['crossenv@7.0.0', 'crossenv@7.0.0 looks like the popular package cross-env'],
    ]);
    expect(hits[1]?.fix).toMatch(/^Did you mean cross-env\?/);
  });

  it('has no false positives on the real lockfiles in test-data (this repository\'s included)', async () => {
    for (const s of ['npm3/package-lock.json', 'pnpm9/pnpm-lock.yaml', 'yarn1/yarn.lock', 'berry/yarn.lock', 'rampart/package-lock.json', 'real-cra/package-lock.json', 'real-gatsby/package-lock.json', 'real-cra-pnpm/pnpm-lock.yaml', 'real-cra-pnpm8/pnpm-lock.yaml', 'real-cra-yarn1/yarn.lock']) {
      expect([s, typosquat.check(await readSample(s), config)]).toEqual([s, []]);
    }
  });
});
