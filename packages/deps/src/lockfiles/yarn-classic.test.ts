import { describe, expect, it } from 'vitest';
import { LockfileError } from './errors.js';
import { parseYarnClassicLockfile } from './yarn-classic.js';
import { byKey, lineOf, memoryManifests, named, readSample, sampleText, sorted } from './test-support/samples.js';

const sample = 'yarn1/yarn.lock';

describe('yarn.lock v1', () => {
  it('holds one copy per entry, keyed by its joined descriptors, edges through descriptors', async () => {
    const g = await readSample(sample);
    expect(g.lockfile).toMatchObject({ format: 'yarn-classic', version: '1' });
    const ms = byKey(g, 'ms@^2.0.0, ms@^2.1.1, ms@^2.1.3');
    expect(ms.version).toBe('2.1.3');
    expect(named(g, 'is-number').map((p) => p.version).sort()).toEqual(['3.0.0', '6.0.0', '7.0.0']);
    expect(g.edges.get('is-odd@^3.0.1')).toEqual(['is-number@^6.0.0']);
    expect(g.importers.map((i) => [i.path, i.name])).toEqual([['', 'sample-app'], ['packages/lib', '@sample/lib']]);
    expect(sorted(g.edges.get('packages/lib'))).toEqual(['debug@2.6.9', 'ms@^2.0.0, ms@^2.1.1, ms@^2.1.3']);
  });

  it('links workspaces by name, reads aliases, git and tarball-URL entries', async () => {
    const g = await readSample(sample);
    expect(g.edges.get('')).toContain('@sample/lib@workspace:packages/lib');
    expect(byKey(g, '@sample/lib@workspace:packages/lib')).toMatchObject({ source: 'workspace', version: '1.0.0' });
    expect(byKey(g, 'lodash-old@npm:lodash@4.17.11')).toMatchObject({ name: 'lodash', alias: 'lodash-old', source: 'registry' });
    const even = byKey(g, 'is-even@https://registry.npmjs.org/is-even/-/is-even-1.0.0.tgz');
    // No integrity field: the SHA-1 in the URL's fragment is what yarn checks.
    expect([even.source, even.integrity]).toEqual(['http', `sha1-${Buffer.from('76b5055fbad8d294a86b6a949015e1c97b717c06', 'hex').toString('base64')}`]);
    expect(named(g, 'left-pad')[0]?.source).toBe('git');
  });

  it('computes dev and optional flags from the graph', async () => {
    const g = await readSample(sample);
    expect(byKey(g, 'is-number@^7.0.0').dev).toBe(true);
    expect(byKey(g, 'is-number@^6.0.0').optional).toBe(true);
    expect(byKey(g, 'is-number@^3.0.0')).toMatchObject({ dev: false, optional: false });
  });

  it('points each copy at its entry line', async () => {
    const g = await readSample(sample);
    for (const p of g.packages.filter((x) => x.source !== 'workspace')) {
      const line = lineOf(sample, p.line);
      expect(line.endsWith(':') && !line.startsWith(' ')).toBe(true);
      expect(line).toContain(p.key.split(', ')[0]);
    }
  });
});

describe('yarn.lock v1 problems', () => {
  const manifests = memoryManifests({ '': { name: 'x', dependencies: { constructor: '^1.0.0', ['__proto__']: '^1.0.0' } } });
  const header = '# yarn lockfile v1\n\n';
  const codeOf = (text: string): string | undefined => {
    try {
      parseYarnClassicLockfile(text, 'yarn.lock', manifests);
    } catch (err) {
      expect(err).toBeInstanceOf(LockfileError);
      expect((err as Error).message).toMatch(/^yarn\.lock: /);
      return (err as LockfileError).code;
    }
    return undefined;
  };

  it('names the file, the line and the problem', () => {
    expect(codeOf('a@1:\n  version "1"\n')).toBe('unsupported');
    expect(codeOf(`${header}a@1\n  version "1"\n`)).toBe('malformed');
    expect(codeOf(`${header}a@1:\n      version "1"\n`)).toBe('malformed');
    expect(codeOf(`${header}a@1:\n  resolved "x"\n`)).toBe('malformed');
    expect(codeOf(`${header}a@1:\n  version "1\n`)).toBe('malformed');
    expect(() => parseYarnClassicLockfile(`${header}a@1:\n\tversion "1"\n`, 'yarn.lock', manifests)).toThrow(/yarn\.lock: line 4: tabs/);
  });

  it('keeps __proto__ and constructor as package names', () => {
    const text = `${header}"__proto__@^1.0.0":\n  version "1.0.0"\n  integrity sha512-a\n\nconstructor@^1.0.0:\n  version "1.2.0"\n  integrity sha512-b\n  dependencies:\n    "__proto__" "^1.0.0"\n`;
    const g = parseYarnClassicLockfile(text, 'yarn.lock', manifests);
    expect(g.packages.map((p) => p.name).sort()).toEqual(['__proto__', 'constructor']);
    expect(g.edges.get('constructor@^1.0.0')).toEqual(['__proto__@^1.0.0']);
    expect(byKey(g, 'constructor@^1.0.0').dependencies['__proto__']).toBe('^1.0.0');
    expect(sorted(g.edges.get(''))).toEqual(['__proto__@^1.0.0', 'constructor@^1.0.0']);
  });
});

describe('a large real yarn 1 lockfile (react-scripts)', () => {
  it('reads every entry, each reached from the root, at its own line', async () => {
    const sample = 'real-cra-yarn1/yarn.lock';
    const g = await readSample(sample);
    const entryLines = sampleText(sample).split('\n').filter((l) => /^[^\s#].*:$/.test(l));
    expect(g.packages.length).toBe(entryLines.length);
    expect(g.packages.length).toBeGreaterThan(1_000);
    const targets = new Set([...g.edges.values()].flat());
    expect(g.packages.filter((p) => !targets.has(p.key)).map((p) => p.key)).toEqual([]);
    for (const p of g.packages) expect(lineOf(sample, p.line)).toMatch(/^[^\s#].*:$/);
    expect(g.packages.filter((p) => p.optional).map((p) => p.name)).toEqual(['fsevents']);
  });
});

describe('line endings', () => {
  it('reads a yarn.lock written with CRLF the same way, lines included', async () => {
    const sample = 'yarn1/yarn.lock';
    const lf = await readSample(sample);
    const { fsManifestSource } = await import('./fs-source.js');
    const { samplePath } = await import('./test-support/samples.js');
    const crlf = parseYarnClassicLockfile(sampleText(sample).replace(/\n/g, '\r\n'), sample, fsManifestSource(samplePath('yarn1')));
    expect(crlf.packages).toEqual(lf.packages);
  });
});

describe('yarn 1 links and local folders (real lockfile)', () => {
  it('reads link: and file: entries with their sources, and no mismatch', async () => {
    const g = await readSample('yarn1-links/app/yarn.lock');
    expect(g.packages.map((p) => [p.key, p.source]).sort()).toEqual([
      ['f@file:../f', 'file'],
      ['l@link:../l', 'link'],
      ['ms@^2.1.3', 'registry'],
    ]);
    expect(sorted(g.edges.get(''))).toEqual(['f@file:../f', 'l@link:../l', 'ms@^2.1.3']);
    const { runPolicy } = await import('../policy/index.js');
    expect(runPolicy(g).map((f) => `${f.id} ${f.package}`)).toEqual(['non-registry-source f', 'non-registry-source l']);
  });
});
