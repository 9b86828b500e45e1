import { describe, expect, it } from 'vitest';
import { readSample } from '../lockfiles/test-support/samples.js';
import { dependencyPaths, omit } from './paths.js';
import { graph, importer, pkg } from './test-support/graph.js';

// app -> a -> c -> d, app -> b -> d, lib (workspace) -> d; c <-> e is a cycle.
const g = graph(
  [importer('', 'app'), importer('packages/lib', 'lib')],
  [pkg('a@1.0.0'), pkg('b@1.0.0'), pkg('c@1.0.0'), pkg('d@1.0.0'), pkg('e@1.0.0'), pkg('lonely@1.0.0')],
  { '': ['a@1.0.0', 'b@1.0.0'], 'packages/lib': ['d@1.0.0'], 'a@1.0.0': ['c@1.0.0'], 'b@1.0.0': ['d@1.0.0'], 'c@1.0.0': ['d@1.0.0', 'e@1.0.0'], 'e@1.0.0': ['c@1.0.0'] },
);

describe('dependencyPaths', () => {
  it('lists paths from every importer, shortest first, importer name then name@version steps', () => {
    expect(dependencyPaths(g, 'd@1.0.0')).toEqual([
      ['lib', 'd@1.0.0'],
      ['app', 'b@1.0.0', 'd@1.0.0'],
      ['app', 'a@1.0.0', 'c@1.0.0', 'd@1.0.0'],
    ]);
  });

  it('is bounded by the limit and safe on cycles', () => {
    expect(dependencyPaths(g, 'd@1.0.0', 1)).toEqual([['lib', 'd@1.0.0']]);
    expect(dependencyPaths(g, 'e@1.0.0')).toEqual([['app', 'a@1.0.0', 'c@1.0.0', 'e@1.0.0']]);
    expect(dependencyPaths(g, 'd@1.0.0', 0)).toEqual([]);
  });

  it('gives no path for unreachable or unknown keys', () => {
    expect(dependencyPaths(g, 'lonely@1.0.0')).toEqual([]);
    expect(dependencyPaths(g, 'nope')).toEqual([]);
  });

  it('stays fast on a graph with an exponential number of paths', () => {
    // 40 layers of two nodes, each connected to both of the next: 2^40 paths to the bottom.
    const packages = [];
    const edges: Record<string, string[]> = { '': ['n0a', 'n0b'] };
    for (let i = 0; i < 40; i++) {
      for (const s of ['a', 'b']) {
        packages.push(pkg(`n${i}${s}`));
        edges[`n${i}${s}`] = i < 39 ? [`n${i + 1}a`, `n${i + 1}b`] : [];
      }
    }
    const big = graph([importer('', 'app')], packages, edges);
    const start = performance.now();
    const paths = dependencyPaths(big, 'n39a', 10);
    expect(paths).toHaveLength(10);
    expect(paths.every((p) => p.length === 41)).toBe(true);
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it('finds paths through workspaces and nested copies in a real lockfile', async () => {
    const real = await readSample('npm3/package-lock.json');
    expect(dependencyPaths(real, 'node_modules/debug/node_modules/ms')).toEqual([
      ['@sample/lib', 'debug@2.6.9', 'ms@2.0.0'],
      ['sample-app', '@sample/lib@1.0.0', 'debug@2.6.9', 'ms@2.0.0'],
    ]);
    expect(dependencyPaths(real, 'node_modules/lodash-old')).toEqual([['sample-app', 'lodash@4.17.11']]);
  });
});

describe('omit', () => {
  it('drops dev-only or optional-only copies and the edges to them', async () => {
    const real = await readSample('npm3/package-lock.json');
    const prod = omit(real, { dev: true });
    expect(prod.packages.some((p) => p.dev)).toBe(false);
    expect(prod.packages.some((p) => p.key === 'node_modules/is-number')).toBe(false);
    expect(prod.edges.get('')).not.toContain('node_modules/is-number');
    expect(prod.packages.length).toBe(real.packages.length - 1);
    const noOptional = omit(real, { optional: true });
    expect(noOptional.packages.filter((p) => p.name === 'is-odd').map((p) => p.key)).toEqual(['node_modules/is-even/node_modules/is-odd']);
    expect(omit(real, {})).toBe(real);
  });
});
