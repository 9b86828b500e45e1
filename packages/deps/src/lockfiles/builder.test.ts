import { describe, expect, it } from 'vitest';
import { GraphBuilder, type EdgeKind } from './builder.js';
import type { Importer } from '../model.js';

const root: Importer = { path: '', name: 'app', dependencies: {}, devDependencies: {}, optionalDependencies: {}, peerDependencies: {} };

function build(edges: [string, string, EdgeKind][]) {
  const b = new GraphBuilder();
  for (const [, to] of edges) b.add({ key: to, name: to, version: '1.0.0', source: 'registry', dependencies: {} });
  b.add({ key: 'orphan', name: 'orphan', version: '1.0.0', source: 'registry', dependencies: {} });
  for (const [from, to, kind] of edges) b.edge(from, to, kind);
  const g = b.build({ path: 'x', format: 'npm', version: '3' }, [root]);
  return (key: string) => {
    const p = g.packages.find((x) => x.key === key);
    return p === undefined ? '' : [p.dev && 'dev', p.optional && 'optional', p.peer && 'peer'].filter(Boolean).join(' ') || 'prod';
  };
}

describe('GraphBuilder flags', () => {
  it('computes dev, optional and peer from edge kinds along every path', () => {
    const flags = build([
      ['', 'p', 'prod'],
      ['', 'd', 'dev'],
      ['d', 'dd', 'prod'],
      ['', 'o', 'optional'],
      ['o', 'oo', 'prod'],
      ['p', 'po', 'optional'],
      ['p', 'peer', 'peer'],
      ['d', 'shared', 'prod'],
      ['p', 'shared', 'prod'],
      // Needed by a dev dependency and an optional one: npm's devOptional, which ships unless both are omitted.
      ['d', 'devopt', 'prod'],
      ['o', 'devopt', 'prod'],
    ]);
    expect(['p', 'd', 'dd', 'o', 'oo', 'po', 'peer', 'shared', 'devopt', 'orphan'].map((k) => `${k}: ${flags(k)}`)).toEqual([
      'p: prod',
      'd: dev',
      'dd: dev',
      'o: optional',
      'oo: optional',
      'po: optional',
      'peer: peer',
      'shared: prod',
      'devopt: prod',
      // Reached by nothing: counted as shipping.
      'orphan: prod',
    ]);
  });

  it('keeps the first draft of a key and deduplicates edges', () => {
    const b = new GraphBuilder();
    b.add({ key: 'a', name: 'a', version: '1.0.0', source: 'registry', dependencies: {} });
    b.add({ key: 'a', name: 'other', version: '2.0.0', source: 'git', dependencies: {} });
    b.edge('', 'a', 'prod');
    b.edge('', 'a', 'prod');
    b.edge('', 'missing', 'prod');
    const g = b.build({ path: 'x', format: 'npm', version: '3' }, [root]);
    expect(g.packages.map((p) => p.name)).toEqual(['a']);
    expect(g.edges.get('')).toEqual(['a']);
  });
});
