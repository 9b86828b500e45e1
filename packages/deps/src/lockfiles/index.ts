// Finding and reading a lockfile. findLockfile looks in one folder; readLockfile picks the parser by
// file name (and, for yarn.lock, by its header) and reads the package.json files next to it.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DependencyGraph } from '../model.js';
import { LockfileError } from './errors.js';
import { fsManifestSource } from './fs-source.js';
import type { ManifestSource } from './manifest.js';
import { parseNpmLockfile } from './npm.js';
import { parsePnpmLockfile } from './pnpm.js';
import { parseYarnBerryLockfile } from './yarn-berry.js';
import { parseYarnClassicLockfile } from './yarn-classic.js';

export { LockfileError, type LockfileErrorCode } from './errors.js';
export type { ManifestSource, PackageManifest } from './manifest.js';
export { parseNpmLockfile, parsePnpmLockfile, parseYarnBerryLockfile, parseYarnClassicLockfile };

/**
 * Lockfile names in order of preference when a folder holds several and package.json names no
 * `packageManager`: npm-shrinkwrap.json wins over package-lock.json (as npm itself does), then
 * pnpm-lock.yaml, then yarn.lock.
 */
export const LOCKFILE_NAMES = ['npm-shrinkwrap.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'] as const;

/** Larger lockfiles are refused rather than read into memory (the largest real ones are ~30 MiB). */
export const MAX_LOCKFILE_BYTES = 128 * 1024 * 1024;

const MANAGER_FILES: Record<string, readonly string[]> = {
  npm: ['npm-shrinkwrap.json', 'package-lock.json'],
  pnpm: ['pnpm-lock.yaml'],
  yarn: ['yarn.lock'],
};

/** The lockfile in `dir`. Several present: the one package.json's `packageManager` names, else LOCKFILE_NAMES order. */
export async function findLockfile(dir: string): Promise<string> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new LockfileError('not-found', dir, `cannot be read as a folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const present = LOCKFILE_NAMES.filter((n) => names.includes(n));
  if (present.length === 0) {
    throw new LockfileError('not-found', dir, `holds no lockfile (looked for ${LOCKFILE_NAMES.join(', ')})`);
  }
  if (present.length > 1 && names.includes('package.json')) {
    try {
      const pm: unknown = (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { packageManager?: unknown }).packageManager;
      const manager = typeof pm === 'string' ? pm.split('@')[0] ?? '' : '';
      const preferred = present.find((n) => Object.prototype.hasOwnProperty.call(MANAGER_FILES, manager) && (MANAGER_FILES[manager] as readonly string[]).includes(n));
      if (preferred !== undefined) return join(dir, preferred);
    } catch {
      // An unreadable package.json is reported by readLockfile; here the default order decides.
    }
  }
  return join(dir, present[0] as string);
}

export interface ReadOptions {
  /** Refuse lockfiles larger than this (default MAX_LOCKFILE_BYTES). */
  readonly maxBytes?: number;
  /** Where package.json files come from (default: the lockfile's folder on disk). */
  readonly manifests?: ManifestSource;
}

/** Read a lockfile (or the lockfile of a folder) and the package.json files beside it into the graph. */
export async function readLockfile(path: string, options: ReadOptions = {}): Promise<DependencyGraph> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw new LockfileError('not-found', path, `does not exist or cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (info.isDirectory()) return readLockfile(await findLockfile(path), options);
  const max = options.maxBytes ?? MAX_LOCKFILE_BYTES;
  if (info.size > max) throw new LockfileError('malformed', path, `is ${info.size} bytes, more than the ${max} this reads`);
  let text = await readFile(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const manifests = options.manifests ?? fsManifestSource(dirname(path));
  return parseLockfile(text, path, manifests);
}

/** Parse lockfile text already in memory; the file name picks the format. */
export function parseLockfile(text: string, path: string, manifests: ManifestSource): DependencyGraph {
  const name = basename(path);
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') return parseNpmLockfile(text, path, manifests);
  if (name === 'pnpm-lock.yaml') return parsePnpmLockfile(text, path, manifests);
  if (name === 'yarn.lock') {
    return /^\s*(#[^\n]*\n\s*)*#\s*yarn lockfile v1/.test(text)
      ? parseYarnClassicLockfile(text, path, manifests)
      : parseYarnBerryLockfile(text, path, manifests);
  }
  throw new LockfileError('unsupported', path, `is not a lockfile this reads (${LOCKFILE_NAMES.join(', ')})`);
}
