import { describe, expect, it } from 'vitest';
import { graph, importer, pkg } from '../graph/test-support/graph.js';
import { readSample } from '../lockfiles/test-support/samples.js';
import { POLICY_RULES, runPolicy } from './index.js';

describe('runPolicy', () => {
  it('has one rule per id, each with a title, a severity and a fix', () => {
    expect(POLICY_RULES.map((r) => r.id)).toEqual(['integrity-missing', 'integrity-weak', 'resolved-insecure', 'resolved-registry', 'non-registry-source', 'install-script', 'lockfile-mismatch', 'typosquat']);
    for (const r of POLICY_RULES) expect(r.title.length * r.fix.length).toBeGreaterThan(0);
  });

  it('turns hits into findings with paths, lines and the rule\'s fix', async () => {
    const g = await readSample('npm3/package-lock.json');
    const findings = runPolicy(g);
    expect(findings.map((f) => [f.id, f.package, f.severity])).toEqual([
      ['non-registry-source', 'is-even', 'moderate'],
      ['non-registry-source', 'left-pad', 'moderate'],
      ['install-script', 'sqlite3', 'moderate'],
    ]);
    const f = findings[2];
    expect(f).toMatchObject({ kind: 'policy', aliases: [], version: '4.0.0', key: 'node_modules/sqlite3', dev: false, source: 'docs/deps.md#install-script', paths: [['sample-app', 'sqlite3@4.0.0']] });
    expect(f?.line).toBeGreaterThan(1);
    expect(f?.fix).toContain('allowScripts');
  });

  it('applies severity overrides, switches rules off and merges allow-lists', async () => {
    const g = await readSample('npm3/package-lock.json');
    const findings = runPolicy(g, { rules: { 'install-script': 'critical', 'non-registry-source': 'off' } });
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['install-script', 'critical']]);
    expect(runPolicy(g, { allowSources: ['is-even', 'left-pad'], allowScripts: { sqlite3: false } })).toEqual([]);
  });

  it('reads allowScripts from the root package.json; config wins over it', () => {
    const g = graph([importer('', 'app', { allowScripts: { a: true, b: true } })], [pkg('a@1.0.0', { hasInstallScript: true }), pkg('b@1.0.0', { hasInstallScript: true })], { '': ['a@1.0.0', 'b@1.0.0'] });
    expect(runPolicy(g, { rules: { 'lockfile-mismatch': 'off' } })).toEqual([]);
    expect(runPolicy(g, { allowScripts: { b: '^2.0.0' } }).map((f) => f.package)).toEqual(['b']);
  });

  it('reports importer-level findings with the importer as the path', () => {
    const g = graph([importer('', 'app', { dependencies: { gone: '^1.0.0' } })], [], { '': [] });
    expect(runPolicy(g)).toEqual([
      expect.objectContaining({ id: 'lockfile-mismatch', package: 'gone', version: '^1.0.0', key: 'importer:', paths: [['app']], dev: false, severity: 'high' }),
    ]);
  });

  it('places importer-level findings at the importer\'s lockfile entry', async () => {
    const { parseNpmLockfile } = await import('../lockfiles/npm.js');
    const { memoryManifests } = await import('../lockfiles/test-support/samples.js');
    const text = JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' } } }, null, 2);
    const g = parseNpmLockfile(text, 'package-lock.json', memoryManifests({ '': { name: 'app', dependencies: { gone: '^1.0.0' } } }));
    expect(runPolicy(g).map((f) => [f.title, f.line])).toEqual([['app declares gone@^1.0.0 in dependencies but the lockfile does not record it', 4]]);
  });

  it("finds nothing on this repository's own lockfile (a copy)", async () => {
    expect(runPolicy(await readSample('rampart/package-lock.json'))).toEqual([]);
  });

  it('finds only the install scripts on large real trees', async () => {
    const cra = runPolicy(await readSample('real-cra/package-lock.json'));
    expect(new Set(cra.map((f) => f.id))).toEqual(new Set(['install-script']));
    expect(cra.map((f) => f.package).sort()).toEqual(['core-js', 'core-js-pure']);
    const gatsby = runPolicy(await readSample('real-gatsby/package-lock.json'));
    expect(new Set(gatsby.map((f) => f.id))).toEqual(new Set(['install-script']));
    expect(gatsby.every((f) => f.paths.length > 0 && f.line !== undefined)).toBe(true);
  });
});
