// What `npm pack` would publish: the built code, sources for the source maps, docs; never a
// test, a test helper or test data (tests and their helpers live in *.test.ts files, in
// test-support/ folders here or at the repository root, and in fixtures/ and test-data/).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PUBLIC_PACKAGES } from './public-packages.js';

const repository = fileURLToPath(new URL('../', import.meta.url));
const TEST_ONLY = /(^|\/)(test-support|fixtures|test-data)(\/|$)|\.test\.|\.tsbuildinfo$/;

interface Packed {
  readonly name: string;
  readonly files: readonly { readonly path: string }[];
}

async function dryRunPack(): Promise<Packed[]> {
  const workspaces = PUBLIC_PACKAGES.flatMap((name) => ['-w', `packages/${name}`]);
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...workspaces], {
    cwd: repository,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  return JSON.parse(stdout) as Packed[];
}

describe('published packages', { timeout: 120_000 }, () => {
  it('contain their built entry point and no test-only file', async () => {
    const packed = await dryRunPack();
    expect(packed.map((entry) => entry.name).sort()).toEqual(PUBLIC_PACKAGES.map((name) => `@rampart/${name}`).sort());
    for (const entry of packed) {
      const folder = entry.name.replace('@rampart/', '');
      const manifest = JSON.parse(readFileSync(new URL(`../packages/${folder}/package.json`, import.meta.url), 'utf8')) as { main: string };
      const paths = entry.files.map((file) => file.path);
      // Packed after `npm run build`: an empty dist/ would make the check below pass vacuously.
      expect(paths, `${entry.name}: run npm run build`).toContain(manifest.main.replace(/^\.\//, ''));
      expect(paths.filter((path) => TEST_ONLY.test(path)), entry.name).toEqual([]);
    }
  });

  it('recognise the test-only paths they must not contain', () => {
    for (const path of ['src/a/test-support/x.ts', 'dist/fixtures/app.js', 'src/fix/test-data/qs.json', 'dist/cli.test.js', 'tsconfig.tsbuildinfo']) {
      expect(TEST_ONLY.test(path), path).toBe(true);
    }
    for (const path of ['dist/index.js', 'src/testing-mode.ts', 'dist/rules/test-helpers-detector.js', 'data/advisories.json']) {
      expect(TEST_ONLY.test(path), path).toBe(false);
    }
  });
});
