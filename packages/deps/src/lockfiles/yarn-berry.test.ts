import { describe, expect, it } from 'vitest';
import { LockfileError } from './errors.js';
import { parseYarnBerryLockfile } from './yarn-berry.js';
import { byKey, lineOf, memoryManifests, named, readSample, sorted } from './test-support/samples.js';

const sample = 'berry/yarn.lock';

describe('yarn.lock of yarn 4 (berry)', () => {
  it('reads entries, workspaces and edges through descriptors', async () => {
    const g = await readSample(sample);
    expect(g.lockfile).toMatchObject({ format: 'yarn-berry', version: '10' });
    expect(g.importers.map((i) => [i.path, i.name])).toEqual([['', 'sample-app'], ['packages/lib', '@sample/lib']]);
    expect(named(g, 'is-number').map((p) => p.version).sort()).toEqual(['3.0.0', '6.0.0', '7.0.0']);
    expect(g.edges.get('is-odd@npm:^3.0.1')).toEqual(['is-number@npm:^6.0.0']);
    expect(sorted(g.edges.get('packages/lib'))).toEqual(['debug@npm:2.6.9', 'ms@npm:^2.0.0, ms@npm:^2.1.1, ms@npm:^2.1.3']);
    // The root workspace is the root importer, not a package.
    expect(g.packages.some((p) => p.name === 'sample-app')).toBe(false);
  });

  it('reads sources, aliases and SHA-512 checksums as integrity', async () => {
    const g = await readSample(sample);
    const lib = byKey(g, '@sample/lib@workspace:*, @sample/lib@workspace:packages/lib');
    expect([lib.source, lib.version]).toEqual(['workspace', '1.0.0']);
    expect(byKey(g, 'lodash-old@npm:lodash@4.17.11')).toMatchObject({ name: 'lodash', alias: 'lodash-old', version: '4.17.11', source: 'registry' });
    expect(byKey(g, 'is-even@https://registry.npmjs.org/is-even/-/is-even-1.0.0.tgz').source).toBe('http');
    expect(named(g, 'left-pad')[0]?.source).toBe('git');
    expect(byKey(g, 'ms@npm:2.0.0').integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
  });

  it('computes dev and optional flags with the kinds package.json gives', async () => {
    const g = await readSample(sample);
    expect(byKey(g, 'is-number@npm:^7.0.0').dev).toBe(true);
    expect(byKey(g, 'is-odd@npm:^3.0.1').optional).toBe(true);
    expect(byKey(g, 'is-number@npm:^6.0.0').optional).toBe(true);
    expect(byKey(g, 'ms@npm:^2.0.0, ms@npm:^2.1.1, ms@npm:^2.1.3').dev).toBe(false);
  });

  it('points each copy at its entry line', async () => {
    const g = await readSample(sample);
    for (const p of g.packages) expect(lineOf(sample, p.line)).toBe(`"${p.key}":`);
  });
});

describe('berry lockfile problems', () => {
  const manifests = memoryManifests({ '': { name: 'x', dependencies: { constructor: '^1.0.0' } } });
  const codeOf = (text: string): string | undefined => {
    try {
      parseYarnBerryLockfile(text, 'yarn.lock', manifests);
    } catch (err) {
      expect(err).toBeInstanceOf(LockfileError);
      return (err as LockfileError).code;
    }
    return undefined;
  };

  it('names the file and the problem', () => {
    expect(codeOf('a: [\n')).toBe('malformed');
    expect(codeOf('"a@npm:1":\n  version: 1\n')).toBe('unsupported');
    expect(codeOf('__metadata:\n  version: 2\n')).toBe('unsupported');
    expect(codeOf('__metadata:\n  version: 8\n"a@npm:1":\n  version: 1.0.0\n')).toBe('malformed');
    expect(codeOf('__metadata:\n  version: 8\n"a@npm:1": 3\n')).toBe('malformed');
  });

  it('keeps __proto__ and constructor as package names', () => {
    const text = '__metadata:\n  version: 8\n\n"constructor@npm:^1.0.0":\n  version: 1.0.0\n  resolution: "constructor@npm:1.0.0"\n  dependencies:\n    __proto__: "npm:^1.0.0"\n\n"__proto__@npm:^1.0.0":\n  version: 1.0.0\n  resolution: "__proto__@npm:1.0.0"\n';
    const g = parseYarnBerryLockfile(text, 'yarn.lock', manifests);
    expect(g.packages.map((p) => p.name).sort()).toEqual(['__proto__', 'constructor']);
    expect(g.edges.get('constructor@npm:^1.0.0')).toEqual(['__proto__@npm:^1.0.0']);
    expect(g.edges.get('')).toEqual(['constructor@npm:^1.0.0']);
  });
});

describe('berry locators', () => {
  it('reads patch, link, portal, file and http protocols', () => {
    const text = [
      '__metadata:',
      '  version: 8',
      '',
      '"typescript@patch:typescript@npm%3A^5.4.0#optional!builtin<compat/typescript>":',
      '  version: 5.4.5',
      '  resolution: "typescript@patch:typescript@npm%3A5.4.5#optional!builtin<compat/typescript>::version=5.4.5&hash=5adc0c"',
      '  checksum: 10c0/' + 'ab'.repeat(64),
      '',
      '"l@link:../l::locator=x%40workspace%3A.":',
      '  version: 0.0.0-use.local',
      '  resolution: "l@link:../l::locator=x%40workspace%3A."',
      '',
      '"p@portal:../p::locator=x%40workspace%3A.":',
      '  version: 0.0.0-use.local',
      '  resolution: "p@portal:../p::locator=x%40workspace%3A."',
      '',
      '"f@file:../f.tgz::locator=x%40workspace%3A.":',
      '  version: 1.0.0',
      '  resolution: "f@file:../f.tgz#../f.tgz::hash=1&locator=x%40workspace%3A."',
      '',
      '"h@https://example.com/h-1.0.0.tgz":',
      '  version: 1.0.0',
      '  resolution: "h@https://example.com/h-1.0.0.tgz"',
      '',
    ].join('\n');
    const g = parseYarnBerryLockfile(text, 'yarn.lock', memoryManifests({ '': { name: 'x' } }));
    expect(g.packages.map((p) => [p.name, p.source])).toEqual([
      ['typescript', 'registry'],
      ['l', 'link'],
      ['p', 'link'],
      ['f', 'file'],
      ['h', 'http'],
    ]);
    expect(g.packages[0]?.integrity).toBe(`sha512-${Buffer.from('ab'.repeat(64), 'hex').toString('base64')}`);
  });
});

describe('berry platform packages (esbuild)', () => {
  it('reads conditions, records no checksum for them, and the policy does not call that missing integrity', async () => {
    const g = await readSample('berry-esbuild/yarn.lock');
    const linux = g.packages.find((p) => p.name === '@esbuild/linux-x64');
    expect(linux).toMatchObject({ conditions: 'os=linux & cpu=x64', optional: true });
    expect(linux?.integrity).toBeUndefined();
    const { runPolicy } = await import('../policy/index.js');
    expect(runPolicy(g)).toEqual([]);
  });
});

describe('berry links, portals and local folders (real lockfile)', () => {
  it('resolves `link:../l` to its `::locator=` entry and reads the sources', async () => {
    const g = await readSample('berry-links/app/yarn.lock');
    const by = (name: string) => g.packages.find((p) => p.name === name);
    expect([by('l')?.source, by('p')?.source, by('f')?.source, by('ms')?.source]).toEqual(['link', 'link', 'file', 'registry']);
    expect(sorted(g.edges.get('')).length).toBe(4);
    expect(g.edges.get(by('p')?.key as string)).toEqual(['ms@npm:^2.1.3']);
    const { runPolicy } = await import('../policy/index.js');
    expect(runPolicy(g).map((f) => `${f.id} ${f.package}`).sort()).toEqual(['non-registry-source f', 'non-registry-source l', 'non-registry-source p']);
  });
});
