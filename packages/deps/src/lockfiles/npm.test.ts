import { describe, expect, it } from 'vitest';
import { LockfileError } from './errors.js';
import { parseNpmLockfile } from './npm.js';
import { byKey, lineOf, memoryManifests, named, readSample, sampleText, sorted } from './test-support/samples.js';

describe.each(['npm2', 'npm3'])('%s package-lock.json', (dir) => {
  const sample = `${dir}/package-lock.json`;

  it('holds every installed copy, nested ones included, with the versions npm chose', async () => {
    const g = await readSample(sample);
    expect(g.lockfile).toEqual({ path: expect.stringContaining(sample), format: 'npm', version: dir === 'npm2' ? '2' : '3' });
    expect(named(g, 'is-number').map((p) => [p.key, p.version]).sort()).toEqual([
      ['node_modules/is-even/node_modules/is-number', '3.0.0'],
      ['node_modules/is-number', '7.0.0'],
      ['node_modules/is-odd/node_modules/is-number', '6.0.0'],
    ]);
    // One package per `node_modules/...` key, none lost.
    const keys = Object.keys((JSON.parse(sampleText(sample)) as { packages: object }).packages).filter((k) => k.includes('node_modules/'));
    expect(g.packages.map((p) => p.key).sort()).toEqual(keys.sort());
  });

  it('resolves each dependency the way Node does: nearest node_modules first', async () => {
    const g = await readSample(sample);
    expect(g.edges.get('node_modules/is-odd')).toEqual(['node_modules/is-odd/node_modules/is-number']);
    expect(g.edges.get('node_modules/debug')).toEqual(['node_modules/debug/node_modules/ms']);
    expect(sorted(g.edges.get('packages/lib'))).toEqual(['node_modules/debug', 'node_modules/ms']);
  });

  it('reads importers from package.json, workspaces as links, aliases as the real package', async () => {
    const g = await readSample(sample);
    expect(g.importers.map((i) => [i.path, i.name])).toEqual([['', 'sample-app'], ['packages/lib', '@sample/lib']]);
    expect(g.importers[0]?.devDependencies).toEqual({ 'is-number': '^7.0.0' });
    expect(g.importers[0]?.optionalDependencies).toEqual({ 'is-odd': '^3.0.1' });
    const lib = byKey(g, 'node_modules/@sample/lib');
    expect([lib.source, lib.name, lib.version]).toEqual(['workspace', '@sample/lib', '1.0.0']);
    expect(sorted(g.edges.get('node_modules/@sample/lib'))).toEqual(['node_modules/debug', 'node_modules/ms']);
    const lodash = byKey(g, 'node_modules/lodash-old');
    expect([lodash.name, lodash.alias, lodash.version]).toEqual(['lodash', 'lodash-old', '4.17.11']);
  });

  it('tells the sources apart: registry, tarball URL, git (hand-edited entry)', async () => {
    const g = await readSample(sample);
    expect(byKey(g, 'node_modules/ms').source).toBe('registry');
    expect(byKey(g, 'node_modules/is-even').source).toBe('http');
    expect(byKey(g, 'node_modules/left-pad').source).toBe('git');
  });

  it('keeps dev, optional, peer, bundled and install-script flags', async () => {
    const g = await readSample(sample);
    expect(byKey(g, 'node_modules/is-number').dev).toBe(true);
    expect(byKey(g, 'node_modules/is-odd/node_modules/is-number').optional).toBe(true);
    expect(byKey(g, 'node_modules/ms')).toMatchObject({ dev: false, optional: false, peer: false });
    expect(byKey(g, 'node_modules/react').peer).toBe(true);
    expect(byKey(g, 'node_modules/sqlite3').hasInstallScript).toBe(true);
    const bundled = byKey(g, 'node_modules/sqlite3/node_modules/node-pre-gyp');
    expect([bundled.bundled, bundled.integrity]).toEqual([true, undefined]);
  });

  it('computes the same dev / optional / peer flags npm recorded', async () => {
    const recorded = await readSample(sample);
    const computed = parseNpmLockfile(sampleText(sample), sample, memoryManifests(JSON.parse(JSON.stringify({ '': JSON.parse(sampleText(`${dir}/package.json`)), 'packages/lib': JSON.parse(sampleText(`${dir}/packages/lib/package.json`)) }))), { flags: 'computed' });
    const flags = (g: typeof recorded) => g.packages.map((p) => `${p.key} ${p.dev} ${p.optional} ${p.peer}`).sort();
    expect(flags(computed)).toEqual(flags(recorded));
  });

  it('points each copy at the line of its key', async () => {
    const g = await readSample(sample);
    for (const p of g.packages) expect(lineOf(sample, p.line)).toBe(`    ${JSON.stringify(p.key)}: {`);
  });
});

describe('npm lockfileVersion 1 (npm 6)', () => {
  const sample = 'npm1/package-lock.json';

  it('turns the nested tree into node_modules keys with the same copies as v3', async () => {
    const v1 = await readSample(sample);
    expect(v1.lockfile.version).toBe('1');
    expect(named(v1, 'is-number').map((p) => p.key).sort()).toEqual([
      'node_modules/is-even/node_modules/is-number',
      'node_modules/is-number',
      'node_modules/is-odd/node_modules/is-number',
    ]);
    expect(v1.edges.get('node_modules/is-odd')).toEqual(['node_modules/is-odd/node_modules/is-number']);
    expect(byKey(v1, 'node_modules/lodash-old')).toMatchObject({ name: 'lodash', alias: 'lodash-old', version: '4.17.11' });
    expect(byKey(v1, 'node_modules/is-even')).toMatchObject({ version: '1.0.0', source: 'http' });
    expect(byKey(v1, 'node_modules/left-pad').source).toBe('git');
    expect(byKey(v1, 'node_modules/@sample/lib')).toMatchObject({ source: 'workspace', version: '1.0.0' });
    expect(byKey(v1, 'node_modules/sqlite3/node_modules/node-pre-gyp').bundled).toBe(true);
    expect(byKey(v1, 'node_modules/is-number').dev).toBe(true);
    expect(byKey(v1, 'node_modules/is-odd').optional).toBe(true);
  });

  it('points nested entries at their own line', async () => {
    const g = await readSample(sample);
    const nested = byKey(g, 'node_modules/debug/node_modules/ms');
    expect(lineOf(sample, nested.line)).toBe('        "ms": {');
    expect(lineOf(sample, byKey(g, 'node_modules/debug').line)).toBe('    "debug": {');
  });
});

describe("this repository's own package-lock.json (a copy)", () => {
  const sample = 'rampart/package-lock.json';

  it('parses into the full tree: hundreds of copies, the five workspaces linked', async () => {
    const g = await readSample(sample);
    const keys = Object.keys((JSON.parse(sampleText(sample)) as { packages: object }).packages).filter((k) => k.includes('node_modules/'));
    expect(g.packages.length).toBe(keys.length);
    expect(g.packages.length).toBeGreaterThan(300);
    expect(g.importers.map((i) => i.path).sort()).toEqual(['', 'packages/audit', 'packages/deps', 'packages/guard', 'packages/platform', 'packages/scan']);
    const links = g.packages.filter((p) => p.source === 'workspace').map((p) => p.name).sort();
    expect(links).toEqual(['@rampart/audit', '@rampart/deps', '@rampart/guard', '@rampart/platform', '@rampart/scan']);
    expect(g.importers[0]?.allowScripts).toEqual({ '@scarf/scarf': false, argon2: true });
    // Every copy is reached from some importer, but the link to the one workspace no other uses.
    const reached = new Set<string>();
    const queue = g.importers.map((i) => i.path);
    for (let i = 0; i < queue.length; i++) {
      for (const k of g.edges.get(queue[i] as string) ?? []) {
        if (reached.has(k)) continue;
        reached.add(k);
        queue.push(k);
      }
    }
    expect(g.packages.filter((p) => !reached.has(p.key)).map((p) => p.key)).toEqual(['node_modules/@rampart/platform']);
  });

  it('computes the dev / optional / peer flags npm recorded, for every copy', async () => {
    const recorded = await readSample(sample);
    const { fsManifestSource } = await import('./fs-source.js');
    const { samplePath } = await import('./test-support/samples.js');
    const computed = parseNpmLockfile(sampleText(sample), sample, fsManifestSource(samplePath('rampart')), { flags: 'computed' });
    const flags = (g: typeof recorded) => g.packages.map((p) => `${p.key} dev=${p.dev} optional=${p.optional} peer=${p.peer}`).sort();
    expect(flags(computed)).toEqual(flags(recorded));
  });
});

describe.each(['real-cra', 'real-gatsby'])('the large real lockfile %s', (dir) => {
  it('parses every copy and computes the flags npm recorded', async () => {
    const sample = `${dir}/package-lock.json`;
    const recorded = await readSample(sample);
    const keys = Object.keys((JSON.parse(sampleText(sample)) as { packages: object }).packages).filter((k) => k.includes('node_modules/'));
    expect(recorded.packages.length).toBe(keys.length);
    const { fsManifestSource } = await import('./fs-source.js');
    const { samplePath } = await import('./test-support/samples.js');
    const computed = parseNpmLockfile(sampleText(sample), sample, fsManifestSource(samplePath(dir)), { flags: 'computed' });
    // npm marks copies nothing needs `extraneous` (here: an optional peer nobody asked for) and gives
    // them no flags; the graph reaches them through the peer edge. Those are compared apart.
    const entries = (JSON.parse(sampleText(sample)) as { packages: Record<string, { extraneous?: boolean }> }).packages;
    const flags = (g: typeof recorded) => g.packages.filter((p) => entries[p.key]?.extraneous !== true).map((p) => `${p.key} dev=${p.dev} optional=${p.optional} peer=${p.peer}`).sort();
    expect(flags(computed)).toEqual(flags(recorded));
    expect(Object.values(entries).filter((e) => e.extraneous === true).length).toBeLessThan(5);
  });
});

describe('platform conditions', () => {
  it('joins os / cpu / libc lists', async () => {
    const g = await readSample('real-gatsby/package-lock.json');
    const sharp = g.packages.find((p) => p.key === 'node_modules/@img/sharp-linux-x64');
    expect(sharp?.conditions).toBe('os=linux & cpu=x64 & libc=glibc');
    expect(g.packages.find((p) => p.key === 'node_modules/react')?.conditions).toBeUndefined();
  });
});

describe('npm lockfile problems', () => {
  const manifests = memoryManifests({ '': { name: 'x', version: '1.0.0' } });
  const parse = (text: string) => parseNpmLockfile(text, 'package-lock.json', manifests);
  const codeOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(LockfileError);
      expect((err as Error).message).toMatch(/^package-lock\.json: /);
      return (err as LockfileError).code;
    }
    return undefined;
  };

  it('names the file and the problem', () => {
    expect(codeOf(() => parse('{"lockfileVersion": 3, "packages": {'))).toBe('malformed');
    expect(codeOf(() => parse('[]'))).toBe('malformed');
    expect(codeOf(() => parse('{"lockfileVersion": 4, "packages": {}}'))).toBe('unsupported');
    expect(codeOf(() => parse('{"lockfileVersion": "3", "packages": {}}'))).toBe('unsupported');
    expect(codeOf(() => parse('{"lockfileVersion": 3, "packages": []}'))).toBe('malformed');
    expect(codeOf(() => parse('{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": 1}}}'))).toBe('malformed');
    expect(codeOf(() => parse('{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0", "dependencies": {"b": 2}}}}'))).toBe('malformed');
    expect(codeOf(() => parse('{"lockfileVersion": 1, "dependencies": {"a": "1.0.0"}}'))).toBe('malformed');
    expect(codeOf(() => parseNpmLockfile('{"lockfileVersion": 3, "packages": {}}', 'package-lock.json', memoryManifests({})))).toBe('manifest');
  });

  it('takes __proto__ and constructor as package names, not object properties', () => {
    const text = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { constructor: '1.0.0', ['__proto__']: '1.0.0' } },
        'node_modules/constructor': { version: '1.0.0', integrity: 'sha512-a', dependencies: { toString: '^1.0.0' } },
        'node_modules/__proto__': { version: '1.0.0', integrity: 'sha512-b' },
        'node_modules/toString': { version: '1.2.0', integrity: 'sha512-c' },
      },
    }).replace('"__proto__":"1.0.0"', '"__proto__":"1.0.0"');
    const g = parseNpmLockfile(text, 'package-lock.json', memoryManifests({ '': { name: 'x', dependencies: { constructor: '1.0.0' } } }));
    expect(g.packages.map((p) => p.name).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(g.edges.get('node_modules/constructor')).toEqual(['node_modules/toString']);
    expect(sorted(g.edges.get(''))).toEqual(['node_modules/__proto__', 'node_modules/constructor']);
    expect(({} as Record<string, unknown>)['version']).toBeUndefined();
  });

  // Generous for a shared machine: what it catches is quadratic work (20,000² steps take minutes).
  it('reads a large lockfile quickly (20,000 copies)', () => {
    const packages: Record<string, unknown> = { '': { dependencies: {} as Record<string, string> } };
    for (let i = 0; i < 20_000; i++) {
      (packages[''] as { dependencies: Record<string, string> }).dependencies[`p${i}`] = '1.0.0';
      packages[`node_modules/p${i}`] = { version: '1.0.0', integrity: 'sha512-x', dependencies: { [`p${(i + 1) % 20_000}`]: '1.0.0' } };
    }
    const text = JSON.stringify({ lockfileVersion: 3, packages }, null, 2);
    const start = performance.now();
    const g = parseNpmLockfile(text, 'package-lock.json', manifests);
    expect(g.packages.length).toBe(20_000);
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});

describe('npm links outside the workspaces', () => {
  it('reads a linked folder as a link with its own dependencies', () => {
    const text = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { x: 'file:../x' } },
        'node_modules/x': { resolved: '../x', link: true },
        '../x': { name: 'x', version: '2.0.0', dependencies: { ms: '^2.1.0' } },
        'node_modules/ms': { version: '2.1.3', integrity: 'sha512-a' },
      },
    });
    const g = parseNpmLockfile(text, 'package-lock.json', memoryManifests({ '': { name: 'app', dependencies: { x: 'file:../x' } } }));
    expect(g.importers.map((i) => i.path)).toEqual(['']);
    expect(byKey(g, 'node_modules/x')).toMatchObject({ name: 'x', version: '2.0.0', source: 'link', resolved: '../x' });
    expect(g.edges.get('node_modules/x')).toEqual(['node_modules/ms']);
  });
});
