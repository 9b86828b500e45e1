// package-lock.json and npm-shrinkwrap.json, lockfileVersion 1, 2 and 3. Versions 2 and 3 are read
// from `packages` (one entry per node_modules folder, so every installed copy); version 1 from its
// nested `dependencies` tree, turned into the same folder keys. A dependency is found the way Node
// finds it: in the dependent's own node_modules, then in each enclosing one up to the root.
import type { DependencyGraph, Importer } from '../model.js';
import { GraphBuilder, type EdgeKind } from './builder.js';
import { LockfileError } from './errors.js';
import { matchesAny } from './glob.js';
import { jsonKeyLines } from './lines.js';
import { declared, toImporter, type ManifestSource } from './manifest.js';
import { bool, isObject, merge, own, platformConditions, str, stringMap, type JsonObject } from './safe.js';
import { parseNpmAlias, sourceOf, versionFromTarball } from './source.js';

/** A declared dependency: name, range, kind of edge. */
type Dep = readonly [string, string, EdgeKind];

interface Entry {
  readonly name?: string;
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly link: boolean;
  readonly dev: boolean;
  readonly optional: boolean;
  readonly peer: boolean;
  readonly inBundle: boolean;
  readonly hasInstallScript: boolean;
  readonly conditions?: string;
  readonly deps: Record<string, string>;
  readonly optionalDeps: Record<string, string>;
  readonly peerDeps: Record<string, string>;
  readonly devDeps: Record<string, string>;
  readonly line?: number;
}

export interface NpmParseOptions {
  /** 'recorded' (default): npm's own dev / optional / peer flags; 'computed': from the graph, as for other formats. */
  readonly flags?: 'recorded' | 'computed';
}

export function parseNpmLockfile(text: string, file: string, manifests: ManifestSource, options: NpmParseOptions = {}): DependencyGraph {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new LockfileError('malformed', file, `is not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(data)) throw new LockfileError('malformed', file, 'must hold a JSON object');
  const version = own(data, 'lockfileVersion');
  if (version !== 1 && version !== 2 && version !== 3) {
    throw new LockfileError('unsupported', file, `lockfileVersion ${JSON.stringify(version ?? null)} is not supported (1, 2 or 3)`);
  }
  const lines = jsonKeyLines(text);
  const table = version === 1 ? fromV1(data, file, lines) : fromPackages(data, file, lines);
  const rootManifest = manifests.read('');
  if (rootManifest === undefined) throw new LockfileError('manifest', file, 'has no package.json beside it');
  const rootEntry = table.get('');
  const patterns = rootManifest.workspaces.length > 0 ? rootManifest.workspaces : [];
  const isWorkspace = (path: string): boolean => path !== '' && !path.startsWith('../') && matchesAny(path, patterns);

  // v2/v3 record each importer's declarations too (v1 does not): kept for the lockfile-mismatch rule.
  // Peers first: a library's peer that is also its dev dependency (fastify ^5 for users, 5.12.8
  // for its own tests) is recorded by the range that is installed.
  const lockedOf = (e: Entry | undefined): { locked?: Record<string, string>; line?: number } =>
    version === 1 || e === undefined ? {} : { locked: merge(e.peerDeps, e.deps, e.optionalDeps, e.devDeps), ...(e.line !== undefined ? { line: e.line } : {}) };
  const importers: Importer[] = [{ ...toImporter('', rootManifest), ...lockedOf(table.get('')) }];
  for (const [key, entry] of table) {
    if (key === '' || isInstalled(key) || !isWorkspace(key)) continue;
    importers.push({ ...toImporter(key, manifests.read(key), fallbackManifest(entry)), ...lockedOf(entry) });
  }
  for (const ws of manifests.glob(patterns)) {
    if (!importers.some((i) => i.path === ws)) importers.push({ ...toImporter(ws, manifests.read(ws)), ...(version === 1 ? {} : { locked: merge() }) });
  }

  const b = new GraphBuilder();
  const specOf = new Map<string, string>();
  const resolve = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
      if (table.has(candidate)) return candidate;
      if (base === '') return undefined;
      const i = base.lastIndexOf('/node_modules/');
      base = i === -1 ? '' : base.slice(0, i);
    }
  };
  // A dependency the tree does not hold is skipped here; the lockfile-mismatch rule reports it.
  const link = (from: string, location: string, deps: readonly Dep[]): void => {
    for (const [name, spec, kind] of deps) {
      const to = resolve(location, name);
      if (to === undefined) continue;
      if (!specOf.has(to)) specOf.set(to, spec);
      b.edge(from, to, kind);
    }
  };
  const depsOf = (e: Entry): Dep[] => [
    ...Object.entries(e.deps).filter(([n]) => !Object.hasOwn(e.optionalDeps, n)).map(([n, s]): Dep => [n, s, 'prod']),
    ...Object.entries(e.optionalDeps).map(([n, s]): Dep => [n, s, 'optional']),
    ...Object.entries(e.peerDeps).map(([n, s]): Dep => [n, s, 'peer']),
  ];

  for (const imp of importers) {
    const lockDeclared = imp.path === '' ? rootEntry : table.get(imp.path);
    const fromManifest = declared(imp).map((d): Dep => [d.name, d.range, d.kind]);
    // v2/v3 also record the importer's declared dependencies; an entry only the lockfile has still installs.
    const fromLock = lockDeclared === undefined ? [] : [...depsOf(lockDeclared), ...Object.entries(lockDeclared.devDeps).map(([n, s]): Dep => [n, s, 'dev'])];
    const names = new Set(fromManifest.map((d) => d[0]));
    link(imp.path, imp.path, [...fromManifest, ...fromLock.filter((d) => !names.has(d[0]))]);
  }

  const recorded = new Map<string, Entry>();
  for (const [key, entry] of table) {
    if (!isInstalled(key)) continue;
    const locName = nameAt(key);
    if (entry.link) {
      const target = entry.resolved ?? '';
      const t = table.get(target);
      const ws = isWorkspace(target);
      const wsManifest = ws ? importers.find((i) => i.path === target) : undefined;
      b.add({
        key,
        name: t?.name ?? wsManifest?.name ?? locName,
        ...(t?.name !== undefined && t.name !== locName ? { alias: locName } : {}),
        version: t?.version ?? wsManifest?.version ?? '0.0.0',
        source: ws ? 'workspace' : 'link',
        resolved: target,
        dependencies: t === undefined ? merge() : merge(t.deps, t.optionalDeps),
        ...(entry.line !== undefined ? { line: entry.line } : {}),
      });
      if (t !== undefined) link(key, target, depsOf(t));
      recorded.set(key, entry);
      continue;
    }
    const name = entry.name ?? locName;
    b.add({
      key,
      name,
      ...(name !== locName ? { alias: locName } : {}),
      version: entry.version ?? '0.0.0',
      source: 'registry',
      ...(entry.resolved !== undefined ? { resolved: entry.resolved } : {}),
      ...(entry.integrity !== undefined ? { integrity: entry.integrity } : {}),
      ...(entry.hasInstallScript ? { hasInstallScript: true } : {}),
      ...(entry.inBundle ? { bundled: true } : {}),
      ...(entry.conditions !== undefined ? { conditions: entry.conditions } : {}),
      dependencies: merge(entry.deps, entry.optionalDeps),
      ...(entry.line !== undefined ? { line: entry.line } : {}),
    });
    link(key, key, depsOf(entry));
    recorded.set(key, entry);
  }
  // npm records dev / optional / peer itself: its word wins over the computed flags (they agree on
  // real lockfiles; the tests check that). The source needs the range the dependent asked with.
  return b.build({ path: file, format: 'npm', version: String(version) }, importers, (d) => {
    const r = recorded.get(d.key);
    const source = d.source === 'registry' ? sourceOf(d.resolved, specOf.get(d.key)) : d.source;
    return r !== undefined && options.flags !== 'computed' ? { source, dev: r.dev, optional: r.optional, peer: r.peer } : { source };
  });
}

function isInstalled(key: string): boolean {
  return key.startsWith('node_modules/') || key.includes('/node_modules/');
}

/** The package folder's name at a location: `node_modules/a/node_modules/@s/b` -> `@s/b`. */
function nameAt(key: string): string {
  const i = key.lastIndexOf('node_modules/');
  return key.slice(i + 'node_modules/'.length);
}

function fallbackManifest(e: Entry): { name?: string; version?: string; dependencies: Record<string, string>; devDependencies: Record<string, string>; optionalDependencies: Record<string, string>; peerDependencies: Record<string, string> } {
  return {
    ...(e.name !== undefined ? { name: e.name } : {}),
    ...(e.version !== undefined ? { version: e.version } : {}),
    dependencies: e.deps,
    devDependencies: e.devDeps,
    optionalDependencies: e.optionalDeps,
    peerDependencies: e.peerDeps,
  };
}

function readEntry(value: unknown, file: string, where: string, line: number | undefined): Entry {
  if (!isObject(value)) throw new LockfileError('malformed', file, `${where} must be an object`);
  for (const k of ['name', 'version', 'resolved', 'integrity'] as const) {
    const v = own(value, k);
    if (v !== undefined && typeof v !== 'string') throw new LockfileError('malformed', file, `${where}: "${k}" must be a string`);
  }
  const name = str(value, 'name');
  const version = str(value, 'version');
  const resolved = str(value, 'resolved');
  const integrity = str(value, 'integrity');
  return {
    ...(name !== undefined ? { name } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(resolved !== undefined ? { resolved } : {}),
    ...(integrity !== undefined ? { integrity } : {}),
    link: bool(value, 'link'),
    dev: bool(value, 'dev'),
    optional: bool(value, 'optional'),
    peer: bool(value, 'peer'),
    inBundle: bool(value, 'inBundle'),
    hasInstallScript: bool(value, 'hasInstallScript'),
    ...(platformConditions(value) !== undefined ? { conditions: platformConditions(value) } : {}),
    deps: stringMap(value, 'dependencies', file, where),
    optionalDeps: stringMap(value, 'optionalDependencies', file, where),
    peerDeps: stringMap(value, 'peerDependencies', file, where),
    devDeps: stringMap(value, 'devDependencies', file, where),
    ...(line !== undefined ? { line } : {}),
  };
}

function fromPackages(data: JsonObject, file: string, lines: Map<string, number>): Map<string, Entry> {
  const packages = own(data, 'packages');
  if (!isObject(packages)) throw new LockfileError('malformed', file, '"packages" must be an object (lockfileVersion 2 and 3)');
  const table = new Map<string, Entry>();
  for (const [key, value] of Object.entries(packages)) {
    table.set(key, readEntry(value, file, `packages["${key}"]`, lines.get(`packages\u0000${key}`)));
  }
  if (!table.has('')) table.set('', readEntry({}, file, 'packages[""]', undefined));
  return table;
}

/** Version 1: the nested `dependencies` tree, as node_modules folder keys like version 2 has. */
function fromV1(data: JsonObject, file: string, lines: Map<string, number>): Map<string, Entry> {
  const table = new Map<string, Entry>();
  table.set('', readEntry({}, file, 'root', undefined));
  const walk = (deps: unknown, parent: string, linePath: string, depth: number): void => {
    if (deps === undefined) return;
    if (!isObject(deps)) throw new LockfileError('malformed', file, `"dependencies" under "${parent || 'the root'}" must be an object`);
    if (depth > 200) throw new LockfileError('malformed', file, 'nests dependencies more than 200 deep');
    for (const [name, value] of Object.entries(deps)) {
      const key = parent === '' ? `node_modules/${name}` : `${parent}/node_modules/${name}`;
      const lp = `${linePath}\u0000dependencies\u0000${name}`;
      if (!isObject(value)) throw new LockfileError('malformed', file, `dependencies["${name}"] must be an object`);
      const requires = own(value, 'requires');
      const raw = readEntry({ ...value, requires: undefined, dependencies: isObject(requires) ? requires : undefined }, file, `dependencies["${name}"]`, lines.get(lp.slice(1)));
      const v = raw.version ?? '';
      const alias = parseNpmAlias(v);
      let entry: Entry = raw;
      if (alias !== undefined) entry = { ...raw, name: alias.name, version: alias.range };
      else if (v.startsWith('file:')) entry = { ...raw, link: true, resolved: v.slice(5).replace(/^\.\//, '') };
      else if (/^[a-z+]+:/i.test(v)) entry = { ...raw, resolved: raw.resolved ?? v, version: versionFromTarball(v) ?? v };
      if (raw.inBundle || bool(value, 'bundled')) entry = { ...entry, inBundle: true };
      table.set(key, entry);
      if (entry.link && entry.resolved !== undefined && !table.has(entry.resolved)) {
        // v1 keeps no entry for a linked folder: its requires stand in for the folder's own dependencies.
        table.set(entry.resolved, { ...entry, link: false, resolved: undefined, version: undefined });
      }
      walk(own(value, 'dependencies'), key, lp, depth + 1);
    }
  };
  walk(own(data, 'dependencies'), '', '', 0);
  return table;
}
