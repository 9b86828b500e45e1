import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles, excluder } from './discover.js';

let root = '';
const tree: Record<string, string> = {
  '.gitignore': 'generated/\n*.gen.ts\n',
  'src/app.ts': '',
  'src/app.test.ts': '',
  'src/types.d.ts': '',
  'src/view.tsx': '',
  'src/legacy.cjs': '',
  'src/readme.md': '',
  'src/api.gen.ts': '',
  'src/generated/client.ts': '',
  'src/__tests__/x.ts': '',
  'src/nested/.gitignore': 'secret.ts\n',
  'src/nested/secret.ts': '',
  'src/nested/open.mjs': '',
  'node_modules/lib/index.js': '',
  'dist/app.js': '',
  'coverage/lcov.js': '',
  'fixtures/bad.ts': '',
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'scan-discover-'));
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const discover = (overrides: Partial<Parameters<typeof discoverFiles>[0]> = {}) =>
  discoverFiles({ cwd: root, paths: [], exclude: [], includeTests: false, ...overrides });

describe('discoverFiles', () => {
  it('finds sources, honours nested .gitignore files, skips tests, declarations and build folders', () => {
    expect(discover().files).toEqual(['fixtures/bad.ts', 'src/app.ts', 'src/legacy.cjs', 'src/nested/open.mjs', 'src/view.tsx']);
  });

  it('includes test files with includeTests', () => {
    expect(discover({ includeTests: true }).files).toEqual(expect.arrayContaining(['src/app.test.ts', 'src/__tests__/x.ts']));
  });

  it('excludes globs matching a file or one of its folders', () => {
    expect(discover({ exclude: ['fixtures', '**/*.tsx'] }).files).toEqual(['src/app.ts', 'src/legacy.cjs', 'src/nested/open.mjs']);
  });

  it('scans the given paths only, reads the .gitignore files above them, and reports missing ones', () => {
    const result = discover({ paths: ['src/nested', 'src/app.ts', 'nope'] });
    expect(result.files).toEqual(['src/app.ts', 'src/nested/open.mjs']);
    expect(result.missing).toEqual(['nope']);
  });

  it('scans an explicitly named test file', () => {
    expect(discover({ paths: ['src/app.test.ts'] }).files).toEqual(['src/app.test.ts']);
  });
});

describe('excluder', () => {
  it('matches the path or any parent folder', () => {
    const excluded = excluder(['packages/*/src/fixtures']);
    expect(excluded('packages/audit/src/fixtures/a/b.ts')).toBe(true);
    expect(excluded('packages/audit/src/fixtures.ts')).toBe(false);
  });
});
