import { describe, expect, it } from 'vitest';
import { LockfileError } from './errors.js';
import { parsePnpmLockfile } from './pnpm.js';
import { byKey, lineOf, memoryManifests, named, readSample, sampleText, sorted } from './test-support/samples.js';

const K = (v9: boolean, key: string): string => (v9 ? key : `/${key}`);

describe.each([
  ['pnpm8', false],
  ['pnpm9', true],
] as const)('%s pnpm-lock.yaml', (dir, v9) => {
  const sample = `${dir}/pnpm-lock.yaml`;

  it('holds one copy per name@version(peers), with importers from the lockfile', async () => {
    const g = await readSample(sample);
    expect(g.lockfile).toMatchObject({ format: 'pnpm', version: v9 ? '9.0' : '6.0' });
    expect(g.importers.map((i) => [i.path, i.name])).toEqual([['', 'sample-app'], ['packages/lib', '@sample/lib']]);
    expect(named(g, 'is-number').map((p) => p.version).sort()).toEqual(['3.0.0', '6.0.0', '7.0.0']);
    expect(g.edges.get(K(v9, 'is-odd@3.0.1'))).toEqual([K(v9, 'is-number@6.0.0')]);
    expect(sorted(g.edges.get('packages/lib'))).toEqual([K(v9, 'debug@2.6.9'), K(v9, 'ms@2.1.3')].sort());
  });

  it('resolves peers, aliases, workspace links, tarball URL and git entries', async () => {
    const g = await readSample(sample);
    const use = byKey(g, K(v9, 'use-sync-external-store@1.2.0(react@18.3.1)'));
    expect(g.edges.get(use.key)).toEqual([K(v9, 'react@18.3.1')]);
    expect(byKey(g, K(v9, 'react@18.3.1')).peer).toBe(true);
    expect(byKey(g, K(v9, 'lodash@4.17.11'))).toMatchObject({ name: 'lodash', alias: 'lodash-old', version: '4.17.11', source: 'registry' });
    expect(byKey(g, 'link:packages/lib')).toMatchObject({ name: '@sample/lib', version: '1.0.0', source: 'workspace' });
    expect(sorted(g.edges.get('link:packages/lib'))).toEqual([K(v9, 'debug@2.6.9'), K(v9, 'ms@2.1.3')].sort());
    expect(byKey(g, K(v9, 'is-even@1.0.0')).source).toBe('http');
    const pad = named(g, 'left-pad')[0];
    expect([pad?.source, pad?.version]).toEqual(['git', '1.3.0']);
  });

  it('computes dev and optional from the graph', async () => {
    const g = await readSample(sample);
    expect(byKey(g, K(v9, 'is-number@7.0.0')).dev).toBe(true);
    expect(byKey(g, K(v9, 'is-number@6.0.0')).optional).toBe(true);
    expect(byKey(g, K(v9, 'ms@2.1.3'))).toMatchObject({ dev: false, optional: false, peer: false });
    expect(byKey(g, K(v9, 'sqlite3@4.0.0')).hasInstallScript).toBe(v9 ? undefined : true);
    // pnpm 6 marks the optional packages it did not fetch requiresBuild too; they have no scripts.
    expect(byKey(g, K(v9, 'is-number@6.0.0')).hasInstallScript).toBeUndefined();
  });

  it('points each copy at its entry in packages', async () => {
    const g = await readSample(sample);
    expect(lineOf(sample, byKey(g, K(v9, 'ms@2.1.3')).line)).toBe(`  ${K(v9, 'ms@2.1.3')}:`);
    expect(lineOf(sample, byKey(g, K(v9, 'use-sync-external-store@1.2.0(react@18.3.1)')).line)).toBe(v9 ? '  use-sync-external-store@1.2.0:' : '  /use-sync-external-store@1.2.0(react@18.3.1):');
  });
});

describe('pnpm lockfile problems', () => {
  const manifests = memoryManifests({ '': { name: 'x' } });
  const codeOf = (text: string): string | undefined => {
    try {
      parsePnpmLockfile(text, 'pnpm-lock.yaml', manifests);
    } catch (err) {
      expect(err).toBeInstanceOf(LockfileError);
      expect((err as Error).message).toMatch(/^pnpm-lock\.yaml: /);
      return (err as LockfileError).code;
    }
    return undefined;
  };

  it('names the file and the problem', () => {
    expect(codeOf("lockfileVersion: '9.0'\nimporters:\n  .: [\n")).toBe('malformed');
    expect(codeOf("lockfileVersion: '5.4'\n")).toBe('unsupported');
    expect(codeOf('- a\n- b\n')).toBe('malformed');
    expect(codeOf("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a: 1.0.0\n")).toBe('malformed');
    expect(codeOf("lockfileVersion: '9.0'\nimporters: []\n")).toBe('malformed');
    expect(codeOf("lockfileVersion: '9.0'\nsnapshots:\n  a@1.0.0: {}\n")).toBe('malformed');
    // A billion-laughs alias bomb is refused by the YAML reader's alias limit.
    const bomb = ["lockfileVersion: '9.0'", 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    expect(codeOf(bomb.join('\n') + '\n')).toBe('malformed');
  });

  it('takes __proto__ and constructor as package names', () => {
    const text = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      constructor:',
      '        specifier: ^1.0.0',
      '        version: 1.0.0',
      '      __proto__:',
      '        specifier: ^1.0.0',
      '        version: 1.0.0',
      'packages:',
      '  constructor@1.0.0:',
      '    resolution: {integrity: sha512-a}',
      '  __proto__@1.0.0:',
      '    resolution: {integrity: sha512-b}',
      'snapshots:',
      '  constructor@1.0.0:',
      '    dependencies:',
      '      __proto__: 1.0.0',
      '  __proto__@1.0.0: {}',
      '',
    ].join('\n');
    const g = parsePnpmLockfile(text, 'pnpm-lock.yaml', manifests);
    expect(g.packages.map((p) => p.name).sort()).toEqual(['__proto__', 'constructor']);
    expect(g.edges.get('constructor@1.0.0')).toEqual(['__proto__@1.0.0']);
    expect(sorted(g.edges.get(''))).toEqual(['__proto__@1.0.0', 'constructor@1.0.0']);
  });
});

describe('pnpm links outside the workspaces', () => {
  it('reads link: and file: dependencies', () => {
    const text = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      x:',
      '        specifier: link:../x',
      '        version: link:../x',
      '      y:',
      '        specifier: file:../y',
      '        version: file:../y',
      'packages:',
      '  y@file:../y:',
      '    resolution: {directory: ../y, type: directory}',
      '    version: 1.0.0',
      'snapshots:',
      '  y@file:../y: {}',
      '',
    ].join('\n');
    const g = parsePnpmLockfile(text, 'pnpm-lock.yaml', memoryManifests({ '': { name: 'app' } }));
    expect(byKey(g, 'link:../x')).toMatchObject({ name: 'x', source: 'link' });
    expect(byKey(g, 'y@file:../y')).toMatchObject({ name: 'y', version: '1.0.0', source: 'file' });
    expect(sorted(g.edges.get(''))).toEqual(['link:../x', 'y@file:../y']);
  });
});

describe('a large real pnpm 8 lockfile (react-scripts, lockfileVersion 6.0)', () => {
  it('holds every package, each reached from the root, at its own line', async () => {
    const sample = 'real-cra-pnpm8/pnpm-lock.yaml';
    const g = await readSample(sample);
    const packages = sampleText(sample).split('\npackages:\n')[1] ?? '';
    expect(g.packages.length).toBe(packages.split('\n').filter((l) => /^ {2}\S/.test(l)).length);
    expect(g.packages.length).toBeGreaterThan(1_000);
    const targets = new Set([...g.edges.values()].flat());
    expect(g.packages.filter((p) => !targets.has(p.key)).map((p) => p.key)).toEqual([]);
    for (const p of g.packages) expect(lineOf(sample, p.line).trim().replace(/^'|'?:$/g, '')).toBe(p.key);
    // pnpm 6 records build scripts (requiresBuild), so install-script can fire here.
    expect(g.packages.filter((p) => p.hasInstallScript).map((p) => p.name).sort()).toEqual(['core-js', 'core-js-pure']);
  });
});

describe('a large real pnpm 9 lockfile (react-scripts)', () => {
  it('holds every snapshot, reached from the root, and the same tree npm resolved the same day', async () => {
    const g = await readSample('real-cra-pnpm/pnpm-lock.yaml');
    const snapshots = sampleText('real-cra-pnpm/pnpm-lock.yaml').split('\nsnapshots:\n')[1] ?? '';
    expect(g.packages.length).toBe(snapshots.split('\n').filter((l) => /^ {2}\S/.test(l)).length);
    expect(g.packages.length).toBeGreaterThan(1_000);
    const targets = new Set([...g.edges.values()].flat());
    expect(g.packages.filter((p) => !targets.has(p.key))).toEqual([]);
    expect(g.packages.every((p) => p.line !== undefined && p.integrity?.startsWith('sha512-'))).toBe(true);
    const npm = await readSample('real-cra/package-lock.json');
    const ids = (x: typeof g) => new Set(x.packages.map((p) => `${p.name}@${p.version}`));
    const [a, b] = [ids(g), ids(npm)];
    // Two packages were published between the two runs; npm also keeps one extraneous copy.
    expect([...a].filter((x) => !b.has(x)).sort()).toEqual(['@babel/helpers@7.29.16', 'range-parser@1.3.0']);
    expect([...b].filter((x) => !a.has(x)).sort()).toEqual(['@babel/helpers@7.29.15', 'yaml@2.9.1']);
  });
});

describe('pnpm 6 references with scoped peers', () => {
  it('resolves a version whose peer suffix holds a scoped name', () => {
    const text = [
      "lockfileVersion: '6.0'",
      'dependencies:',
      '  a:',
      '    specifier: ^1.0.0',
      '    version: 1.0.0(@types/react@18.2.0)',
      'packages:',
      '  /a@1.0.0(@types/react@18.2.0):',
      '    resolution: {integrity: sha512-a}',
      '    peerDependencies:',
      "      '@types/react': '*'",
      '    dependencies:',
      "      '@types/react': 18.2.0",
      '    dev: false',
      '  /@types/react@18.2.0:',
      '    resolution: {integrity: sha512-b}',
      '    dev: false',
      '',
    ].join('\n');
    const g = parsePnpmLockfile(text, 'pnpm-lock.yaml', memoryManifests({ '': { name: 'app', dependencies: { a: '^1.0.0' } } }));
    expect(g.edges.get('')).toEqual(['/a@1.0.0(@types/react@18.2.0)']);
    expect(g.edges.get('/a@1.0.0(@types/react@18.2.0)')).toEqual(['/@types/react@18.2.0']);
    expect(byKey(g, '/@types/react@18.2.0')).toMatchObject({ name: '@types/react', version: '18.2.0', peer: true });
  });
});

describe('pnpm line endings', () => {
  it('reads a pnpm-lock.yaml written with CRLF the same way, lines included', async () => {
    const sample = 'pnpm9/pnpm-lock.yaml';
    const lf = await readSample(sample);
    const { fsManifestSource } = await import('./fs-source.js');
    const { samplePath } = await import('./test-support/samples.js');
    const crlf = parsePnpmLockfile(sampleText(sample).replace(/\n/g, '\r\n'), sample, fsManifestSource(samplePath('pnpm9')));
    expect(crlf.packages).toEqual(lf.packages);
  });
});
