// The example as a user gets it: every public package packed with `npm pack`, the example copied
// to a fresh directory outside the repository, and the tarballs installed there together with
// the newest Fastify 5 from the registry. Nothing of the workspace is visible from there.
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PUBLIC_PACKAGES } from '../../../test-support/public-packages.js';
import { runOk } from './run.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const example = fileURLToPath(new URL('../', import.meta.url));

export interface PackedProject {
  readonly dir: string;
  /** `@rampart/<name>` -> the tarball installed. */
  readonly tarballs: ReadonlyMap<string, string>;
}

async function pack(destination: string): Promise<Map<string, string>> {
  const workspaces = PUBLIC_PACKAGES.flatMap((name) => ['-w', `packages/${name}`]);
  const { stdout } = await runOk('npm', ['pack', '--json', '--pack-destination', destination, ...workspaces], repository);
  const packed = JSON.parse(stdout) as { name: string; filename: string }[];
  return new Map(packed.map((entry) => [entry.name, join(destination, entry.filename)]));
}

export async function createPackedProject(): Promise<PackedProject> {
  const root = await mkdtemp(join(tmpdir(), 'notes-api-packed-'));
  const tarballDir = join(root, 'tarballs');
  const dir = join(root, 'notes-api');
  await mkdir(tarballDir);
  // The build is incremental: a no-op when dist/ is current (npm test has just built).
  await runOk('npm', ['run', 'build', '--silent'], repository);
  const tarballs = await pack(tarballDir);

  await mkdir(dir);
  await cp(join(example, 'src'), join(dir, 'src'), { recursive: true });
  await cp(join(example, 'public'), join(dir, 'public'), { recursive: true });
  await cp(join(example, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  const manifest = JSON.parse(await readFile(join(example, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    overrides?: Record<string, string>;
  };
  const overrides: Record<string, string> = {};
  for (const [name, tarball] of tarballs) {
    manifest.dependencies[name] = `file:${tarball}`;
    // The packages' own @rampart/* dependencies resolve to these tarballs, never the registry.
    overrides[name] = `$${name}`;
  }
  manifest.dependencies.fastify = '^5'; // the newest Fastify 5, not the one the lockfile pins
  manifest.overrides = overrides;
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  await runOk('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error'], dir, 150_000);
  return { dir, tarballs };
}
