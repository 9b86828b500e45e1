import { describe, expect, it } from 'vitest';
import { globToRegExp, matchesAny } from './glob.js';
import { jsonKeyLines, yamlKeyLines } from './lines.js';
import { parseNpmAlias, resolvedSource, sourceOf, specSource, versionFromTarball } from './source.js';
import { parseClassicSyntax } from './yarn-classic-syntax.js';
import { hexToSri, splitDescriptor } from './yarn-descriptor.js';

describe('workspace globs', () => {
  it('matches * within a segment, ** across segments, ! to exclude', () => {
    expect(globToRegExp('packages/*').test('packages/a')).toBe(true);
    expect(globToRegExp('packages/*').test('packages/a/b')).toBe(false);
    expect(globToRegExp('./apps/**').test('apps/x/y')).toBe(true);
    expect(globToRegExp('tools/cli/').test('tools/cli')).toBe(true);
    expect(globToRegExp('a.b/*').test('axb/c')).toBe(false);
    expect(matchesAny('packages/skip', ['packages/*', '!packages/skip'])).toBe(false);
    expect(matchesAny('packages/a', ['packages/*', '!packages/skip'])).toBe(true);
  });
});

describe('sources', () => {
  it('decides by the requested range first', () => {
    expect(['workspace:*', 'link:../x', 'portal:../x', 'file:../x', 'github:a/b', 'a/b#v1', 'git+https://x/y.git', 'https://x/y.git#abc', 'https://x/y-1.0.0.tgz', 'npm:lodash@4', '^1.0.0'].map(specSource)).toEqual([
      'workspace', 'link', 'link', 'file', 'git', 'git', 'git', 'git', 'http', 'registry', undefined,
    ]);
  });

  it('falls back to the resolved URL', () => {
    expect(resolvedSource(undefined)).toBe('registry');
    expect(resolvedSource('https://registry.npmjs.org/a/-/a-1.0.0.tgz')).toBe('registry');
    expect(resolvedSource('https://npm.example.com/api/a/-/a-1.0.0.tgz')).toBe('registry');
    expect(resolvedSource('https://example.com/a.tgz')).toBe('http');
    expect(resolvedSource('git+ssh://git@github.com/a/b.git#abc')).toBe('git');
    expect(resolvedSource('https://codeload.github.com/a/b/tar.gz/abc')).toBe('git');
    expect(resolvedSource('file:../x')).toBe('file');
    expect(sourceOf('https://registry.npmjs.org/a/-/a-1.0.0.tgz', 'https://registry.npmjs.org/a/-/a-1.0.0.tgz')).toBe('http');
  });

  it('reads aliases and tarball versions', () => {
    expect(parseNpmAlias('npm:@scope/x@^1.2.0')).toEqual({ name: '@scope/x', range: '^1.2.0' });
    expect(parseNpmAlias('npm:lodash')).toEqual({ name: 'lodash', range: '*' });
    expect(parseNpmAlias('^1.0.0')).toBeUndefined();
    expect(versionFromTarball('https://r/x/-/x-1.2.3-beta.1.tgz')).toBe('1.2.3-beta.1');
    expect(versionFromTarball('https://r/x.tgz')).toBeUndefined();
  });
});

describe('line index', () => {
  it('finds JSON keys by their path', () => {
    const lines = jsonKeyLines('{\n  "packages": {\n    "": {\n    },\n    "node_modules/a\\"b": {\n      "dependencies": {\n      }\n    }\n  }\n}\n');
    expect(lines.get('packages\u0000')).toBe(3);
    expect(lines.get('packages\u0000node_modules/a"b')).toBe(5);
    expect(lines.get('packages\u0000node_modules/a"b\u0000dependencies')).toBe(6);
  });

  it('finds YAML keys by section, quoted or not, with colons inside', () => {
    const lines = yamlKeyLines("packages:\n\n  '@a/b@1.0.0':\n    x: 1\n  c@https://x/y:\n    y: 2\nsnapshots:\n  '@a/b@1.0.0': {}\n", 2);
    expect(lines.get('packages\u0000@a/b@1.0.0')).toBe(3);
    expect(lines.get('packages\u0000c@https://x/y')).toBe(5);
    expect(lines.get('snapshots\u0000@a/b@1.0.0')).toBe(8);
    expect(yamlKeyLines('"a@npm:1, a@npm:2":\n  version: 1\n', 0).get('a@npm:1, a@npm:2')).toBe(1);
  });
});

describe('yarn descriptors and the v1 syntax', () => {
  it('splits descriptors and converts hex digests', () => {
    expect(splitDescriptor('@s/a@npm:^1.0.0')).toEqual({ name: '@s/a', range: 'npm:^1.0.0' });
    expect(splitDescriptor('nope')).toBeUndefined();
    expect(hexToSri('sha1', 'ab'.repeat(20))).toBe(`sha1-${Buffer.from('ab'.repeat(20), 'hex').toString('base64')}`);
    expect(hexToSri('sha1', 'zz')).toBeUndefined();
  });

  it('reads quoted and unquoted keys, values and blocks, with lines', () => {
    const entries = parseClassicSyntax('# yarn lockfile v1\n\n"@s/a@^1.0.0", "@s/a@^1.1.0":\n  version "1.2.0"\n  resolved "https://r/a.tgz#ab"\n  dependencies:\n    b "^2.0.0"\n    "@s/c" "~1"\n\nb@^2.0.0:\n  version "2.0.1"\n', 'yarn.lock');
    expect(entries.map((e) => [e.descriptors, e.line, Object.fromEntries(e.fields), Object.fromEntries(e.blocks.get('dependencies') ?? [])])).toEqual([
      [['@s/a@^1.0.0', '@s/a@^1.1.0'], 3, { version: '1.2.0', resolved: 'https://r/a.tgz#ab' }, { b: '^2.0.0', '@s/c': '~1' }],
      [['b@^2.0.0'], 10, { version: '2.0.1' }, {}],
    ]);
  });
});
