import { describe, expect, it } from 'vitest';
import { graph, importer, pkg } from '../graph/test-support/graph.js';
import { installScript, scriptDecision } from './install-script.js';
import { nonRegistrySource } from './non-registry-source.js';
import { DEFAULT_ALLOWED_REGISTRIES, type ResolvedConfig } from './types.js';

const config: ResolvedConfig = { allowedRegistries: DEFAULT_ALLOWED_REGISTRIES, allowSources: new Set(), allowScripts: {}, popularNames: [] };

describe('non-registry-source', () => {
  const g = graph([importer('', 'app')], [
    pkg('reg@1.0.0'),
    pkg('g@1.0.0', { source: 'git', resolved: 'git+ssh://git@github.com/a/g.git#abc' }),
    pkg('t@1.0.0', { source: 'http', resolved: 'https://example.com/t.tgz' }),
    pkg('f@1.0.0', { source: 'file' }),
    pkg('l@1.0.0', { source: 'link' }),
    pkg('ws@1.0.0', { source: 'workspace' }),
    pkg('devgit@1.0.0', { source: 'git', dev: true }),
    pkg('x@1.0.0', { source: 'git', alias: 'aliased' }),
  ], {});

  it('flags git, tarball, file and outside links in what ships', () => {
    expect(nonRegistrySource.check(g, config).map((h) => h.pkg?.key)).toEqual(['g@1.0.0', 't@1.0.0', 'f@1.0.0', 'l@1.0.0', 'x@1.0.0']);
  });

  it('lets named packages through (by real name or alias)', () => {
    expect(nonRegistrySource.check(g, { ...config, allowSources: new Set(['g', 't', 'f', 'l', 'aliased']) })).toEqual([]);
  });
});

describe('install-script', () => {
  const scripted = pkg('argon2@0.41.1', { hasInstallScript: true });

  it('decides by name or name@version: true runs, false is blocked, a range runs when it matches', () => {
    expect(scriptDecision(scripted, {})).toBe('unreviewed');
    expect(scriptDecision(scripted, { argon2: true })).toBe('allowed');
    expect(scriptDecision(scripted, { argon2: false })).toBe('blocked');
    expect(scriptDecision(scripted, { 'argon2@0.41.1': true, argon2: false })).toBe('allowed');
    expect(scriptDecision(scripted, { argon2: '^0.41.0' })).toBe('allowed');
    expect(scriptDecision(scripted, { argon2: '^0.40.0' })).toBe('unreviewed');
    expect(scriptDecision(scripted, { argon2: 'nonsense' })).toBe('unreviewed');
    expect(scriptDecision(pkg('constructor@1.0.0'), {})).toBe('unreviewed');
  });

  it('flags unreviewed install scripts only', () => {
    const g = graph([importer('', 'app')], [scripted, pkg('plain@1.0.0'), pkg('esbuild@0.25.0', { hasInstallScript: true })], {});
    expect(installScript.check(g, { ...config, allowScripts: { argon2: true } }).map((h) => h.pkg?.key)).toEqual(['esbuild@0.25.0']);
  });
});
