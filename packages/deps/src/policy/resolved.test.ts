import { describe, expect, it } from 'vitest';
import { graph, importer, pkg } from '../graph/test-support/graph.js';
import { isInsecureUrl, resolvedInsecure } from './resolved-insecure.js';
import { registryAllowed, resolvedRegistry } from './resolved-registry.js';
import { DEFAULT_ALLOWED_REGISTRIES, type ResolvedConfig } from './types.js';

const config: ResolvedConfig = { allowedRegistries: DEFAULT_ALLOWED_REGISTRIES, allowSources: new Set(), allowScripts: {}, popularNames: [] };

describe('resolved-insecure', () => {
  it('knows which URLs travel without TLS', () => {
    expect(['http://registry.npmjs.org/a/-/a-1.0.0.tgz', 'git://github.com/a/b.git', 'git+http://example.com/a.git', 'HTTP://X/'].map(isInsecureUrl)).toEqual([true, true, true, true]);
    expect(['https://registry.npmjs.org/a/-/a-1.0.0.tgz', 'git+ssh://git@github.com/a/b.git', 'git+https://github.com/a/b.git', 'packages/lib'].map(isInsecureUrl)).toEqual([false, false, false, false]);
  });

  it('flags copies resolved over http', () => {
    const g = graph([importer('', 'app')], [pkg('a@1.0.0', { resolved: 'http://registry.npmjs.org/a/-/a-1.0.0.tgz' }), pkg('b@1.0.0', { resolved: 'https://registry.npmjs.org/b/-/b-1.0.0.tgz' })], {});
    expect(resolvedInsecure.check(g, config).map((h) => h.pkg?.key)).toEqual(['a@1.0.0']);
  });
});

describe('resolved-registry', () => {
  it('matches hosts exactly, and path prefixes on segment boundaries', () => {
    const allowed = ['registry.npmjs.org', 'npm.example.com/api/npm/'];
    expect(registryAllowed('https://registry.npmjs.org/a/-/a-1.0.0.tgz', allowed)).toBe(true);
    expect(registryAllowed('https://REGISTRY.npmjs.org/a/-/a-1.0.0.tgz', allowed)).toBe(true);
    expect(registryAllowed('https://registry.npmjs.org.evil.com/a/-/a-1.0.0.tgz', allowed)).toBe(false);
    expect(registryAllowed('https://evil.com/registry.npmjs.org/a.tgz', allowed)).toBe(false);
    expect(registryAllowed('https://registry.npmjs.org:8443/a/-/a-1.0.0.tgz', allowed)).toBe(false);
    expect(registryAllowed('https://npm.example.com/api/npm/a/-/a-1.0.0.tgz', allowed)).toBe(true);
    expect(registryAllowed('https://npm.example.com/api/npmx/a/-/a-1.0.0.tgz', allowed)).toBe(false);
    expect(registryAllowed('not a url', allowed)).toBe(false);
  });

  it('flags registry copies from other hosts; lockfiles without URLs pass', () => {
    const g = graph([importer('', 'app')], [
      pkg('a@1.0.0', { resolved: 'https://registry.yarnpkg.com/a/-/a-1.0.0.tgz' }),
      pkg('b@1.0.0', { resolved: 'https://npm.evil.example/b/-/b-1.0.0.tgz' }),
      pkg('c@1.0.0'),
      pkg('d@1.0.0', { source: 'git', resolved: 'git+https://github.com/d/d.git' }),
    ], {});
    const hits = resolvedRegistry.check(g, config);
    expect(hits.map((h) => h.pkg?.key)).toEqual(['b@1.0.0']);
    expect(hits[0]?.title).toContain('npm.evil.example');
    expect(resolvedRegistry.check(g, { ...config, allowedRegistries: ['npm.evil.example', 'registry.yarnpkg.com'] })).toEqual([]);
  });
});
