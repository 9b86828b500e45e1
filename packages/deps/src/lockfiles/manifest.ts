// package.json files: the root's and each workspace's. Parsers read them through a ManifestSource so
// that they stay pure (tests pass one made of objects); readLockfile passes one over the file system.
import type { Importer } from '../model.js';
import { LockfileError } from './errors.js';
import { isObject, merge, own, record, str, stringMap } from './safe.js';

export interface PackageManifest {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly optionalDependencies: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
  /** Workspace globs (`workspaces` as an array or as `{ packages: [...] }`). */
  readonly workspaces: readonly string[];
  /** npm's `allowScripts` (name or name@version -> true / false / allowed version range). */
  readonly allowScripts?: Readonly<Record<string, boolean | string>>;
}

export interface ManifestSource {
  /** The package.json of `dir` (relative to the lockfile's folder, '' for the root), or undefined if absent. */
  read(dir: string): PackageManifest | undefined;
  /** The folders (relative, `/`-separated) that workspace globs such as `packages/*` match. */
  glob(patterns: readonly string[]): string[];
}

export function parseManifest(text: string, file: string): PackageManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new LockfileError('manifest', file, `is not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(data)) throw new LockfileError('manifest', file, 'must hold a JSON object');
  const field = (key: string): Record<string, string> => {
    try {
      return stringMap(data, key, file, 'package.json');
    } catch (err) {
      throw new LockfileError('manifest', file, `"${key}" must map package names to version strings`, { cause: err });
    }
  };
  const ws = own(data, 'workspaces');
  const wsList = Array.isArray(ws) ? ws : isObject(ws) && Array.isArray(own(ws, 'packages')) ? (own(ws, 'packages') as unknown[]) : [];
  const allow = own(data, 'allowScripts');
  let allowScripts: Record<string, boolean | string> | undefined;
  if (isObject(allow)) {
    allowScripts = record();
    for (const [k, v] of Object.entries(allow)) if (typeof v === 'boolean' || typeof v === 'string') allowScripts[k] = v;
  }
  const name = str(data, 'name');
  const version = str(data, 'version');
  return {
    ...(name !== undefined ? { name } : {}),
    ...(version !== undefined ? { version } : {}),
    dependencies: field('dependencies'),
    devDependencies: field('devDependencies'),
    optionalDependencies: field('optionalDependencies'),
    peerDependencies: field('peerDependencies'),
    workspaces: wsList.filter((w): w is string => typeof w === 'string'),
    ...(allowScripts !== undefined ? { allowScripts } : {}),
  };
}

/**
 * The importer for a folder. npm moves optionalDependencies out of dependencies when both name a
 * package; so does this, so that a package is declared once.
 */
export function toImporter(path: string, manifest: PackageManifest | undefined, fallback?: Partial<PackageManifest>): Importer {
  const m = manifest ?? fallback ?? {};
  const optional = merge(m.optionalDependencies);
  const dependencies = record<string>();
  for (const [k, v] of Object.entries(m.dependencies ?? {})) if (!Object.hasOwn(optional, k)) dependencies[k] = v;
  const name = m.name ?? (path === '' ? '(root)' : path);
  return {
    path,
    name,
    ...(m.version !== undefined ? { version: m.version } : {}),
    dependencies,
    devDependencies: merge(m.devDependencies),
    optionalDependencies: optional,
    peerDependencies: merge(m.peerDependencies),
    ...(path === '' && m.allowScripts !== undefined ? { allowScripts: m.allowScripts } : {}),
  };
}

/** Every declared dependency of an importer with its edge kind (optional wins over prod, as in npm). */
export function declared(importer: Importer): { name: string; range: string; kind: 'prod' | 'dev' | 'optional' | 'peer' }[] {
  const out: { name: string; range: string; kind: 'prod' | 'dev' | 'optional' | 'peer' }[] = [];
  for (const [name, range] of Object.entries(importer.dependencies)) out.push({ name, range, kind: 'prod' });
  for (const [name, range] of Object.entries(importer.optionalDependencies)) out.push({ name, range, kind: 'optional' });
  for (const [name, range] of Object.entries(importer.devDependencies)) {
    if (!Object.hasOwn(importer.dependencies, name) && !Object.hasOwn(importer.optionalDependencies, name)) out.push({ name, range, kind: 'dev' });
  }
  for (const [name, range] of Object.entries(importer.peerDependencies)) {
    if (!out.some((d) => d.name === name)) out.push({ name, range, kind: 'peer' });
  }
  return out;
}
