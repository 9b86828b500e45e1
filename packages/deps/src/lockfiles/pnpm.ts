// pnpm-lock.yaml, lockfileVersion 6.x (one `packages` map keyed `/name@version(peers)`) and 9.x
// (`packages` holds each name@version's metadata, `snapshots` each installed copy with its peers).
// pnpm keeps one copy per name@version+peers, so the snapshot (v9) or package (v6) key is the
// instance key. Dependencies are recorded as resolved references, not ranges.
import { posix } from 'node:path';
import { parse } from 'yaml';
import type { DependencyGraph, Importer, PackageSource } from '../model.js';
import { GraphBuilder, type EdgeKind } from './builder.js';
import { LockfileError } from './errors.js';
import { yamlKeyLines } from './lines.js';
import { toImporter, type ManifestSource } from './manifest.js';
import { bool, entries, isObject, merge, own, platformConditions, record, str, type JsonObject } from './safe.js';
import { resolvedSource, sourceOf, specSource } from './source.js';

const KINDS: readonly [string, EdgeKind][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

export function parsePnpmLockfile(text: string, file: string, manifests: ManifestSource): DependencyGraph {
  let data: unknown;
  try {
    // The failsafe schema keeps every scalar a string: `1.10` stays a version, not the number 1.1.
    data = parse(text, { schema: 'failsafe', maxAliasCount: 100, prettyErrors: false });
  } catch (err) {
    throw new LockfileError('malformed', file, `is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!isObject(data)) throw new LockfileError('malformed', file, 'must hold a YAML mapping');
  const version = str(data, 'lockfileVersion');
  const major = version === undefined ? NaN : Number.parseInt(version, 10);
  if (major !== 6 && major !== 7 && major !== 9) {
    throw new LockfileError('unsupported', file, `lockfileVersion ${JSON.stringify(version ?? null)} is not supported (6.x or 9.x; pnpm 8 and 9 write them)`);
  }
  const v9 = major >= 7;
  const lines = yamlKeyLines(text, 2);
  const packages = section(data, 'packages', file);
  const snapshots = v9 ? section(data, 'snapshots', file) : packages;
  const importerMap = section(data, 'importers', file);
  if (importerMap.size === 0) {
    // A lockfile without workspaces may keep the root's dependencies at the top level (older writers).
    importerMap.set('.', data);
  }

  const importers: Importer[] = [];
  const importerSpecs = new Map<string, Map<string, { kind: EdgeKind; spec: string; ref: string }>>();
  for (const [id, value] of importerMap) {
    const path = id === '.' ? '' : id.replace(/^\.\//, '');
    const specs = new Map<string, { kind: EdgeKind; spec: string; ref: string }>();
    const fallback = { dependencies: record<string>(), devDependencies: record<string>(), optionalDependencies: record<string>(), peerDependencies: record<string>() };
    for (const [field, kind] of KINDS) {
      for (const [name, dep] of entries(own(value, field))) {
        if (!isObject(dep)) throw new LockfileError('malformed', file, `importers["${id}"].${field}.${name} must be a mapping with specifier and version`);
        const spec = str(dep, 'specifier');
        const ref = str(dep, 'version');
        if (spec === undefined || ref === undefined) throw new LockfileError('malformed', file, `importers["${id}"].${field}.${name} needs a specifier and a version`);
        specs.set(name, { kind, spec, ref });
        (fallback[field as keyof typeof fallback] as Record<string, string>)[name] = spec;
      }
    }
    importerSpecs.set(path, specs);
    const manifest = manifests.read(path);
    if (path === '' && manifest === undefined) throw new LockfileError('manifest', file, 'has no package.json beside it');
    const line = lines.get(`importers\u0000${id}`);
    importers.push({
      ...toImporter(path, manifest, fallback),
      locked: merge(fallback.dependencies, fallback.optionalDependencies, fallback.devDependencies),
      ...(line !== undefined ? { line } : {}),
    });
  }

  const b = new GraphBuilder();
  const specOf = new Map<string, string>();
  // pnpm records an alias on the edge (`x: lodash@4.17.11`), the model on the copy: the name it is used under.
  const aliasOf = new Map<string, string>();
  const refKey = (name: string, ref: string): string => {
    if (v9) {
      const head = ref.split('(')[0] as string;
      return head.indexOf('@', 1) > 0 && !/^[a-z+]+:/i.test(head) ? ref : `${name}@${ref}`;
    }
    // A full path (`/lodash@4.17.11`, `github.com/a/b/sha`) or a version with peers, whose suffix may
    // hold scoped names: `1.2.0(@types/react@18.2.0)`.
    const head = ref.split('(')[0] as string;
    return ref.startsWith('/') || head.includes('/') || ref.startsWith('file:') ? ref : `/${name}@${ref}`;
  };
  const linkKey = (fromDir: string, ref: string): string => {
    const target = posix.normalize(posix.join(fromDir === '' ? '.' : fromDir, ref.slice('link:'.length)));
    return target === '.' ? '' : target;
  };
  const linkInstance = (name: string, target: string): string => {
    const key = `link:${target}`;
    if (!b.has(key)) {
      const imp = importers.find((i) => i.path === target);
      b.add({ key, name, version: imp?.version ?? '0.0.0', source: imp !== undefined ? 'workspace' : 'link', resolved: target, dependencies: merge(imp?.dependencies, imp?.optionalDependencies) });
    }
    return key;
  };

  for (const [path, specs] of importerSpecs) {
    for (const [name, { kind, spec, ref }] of specs) {
      if (ref.startsWith('link:')) {
        b.edge(path, linkInstance(name, linkKey(path, ref)), kind);
        continue;
      }
      const key = refKey(name, ref);
      if (!snapshots.has(key)) continue;
      if (!specOf.has(key)) specOf.set(key, spec);
      if (key !== `${name}@${ref}` && key !== `/${name}@${ref}`) aliasOf.set(key, name);
      b.edge(path, key, kind);
    }
  }
  // A workspace linked from another importer uses what that workspace declares (not its devDependencies).
  for (const [path, specs] of importerSpecs) {
    const key = `link:${path}`;
    if (!b.has(key)) continue;
    for (const [name, { kind, ref }] of specs) {
      if (kind === 'dev') continue;
      const to = ref.startsWith('link:') ? linkInstance(name, linkKey(path, ref)) : refKey(name, ref);
      if (to.startsWith('link:') || snapshots.has(to)) b.edge(key, to, kind);
    }
  }

  for (const [key, snap] of snapshots) {
    const base = v9 ? baseKey(key) : key;
    const meta = v9 ? packages.get(base) ?? packages.get(key) : snap;
    if (meta === undefined) throw new LockfileError('malformed', file, `snapshots["${key}"] has no entry in packages`);
    const id = parseDepPath(v9 ? key : key.replace(/^\//, ''));
    const name = str(meta, 'name') ?? id?.name;
    const ver = str(meta, 'version') ?? id?.version;
    if (name === undefined || ver === undefined) throw new LockfileError('malformed', file, `packages["${base}"] names no package and version`);
    const resolution = own(meta, 'resolution');
    const res = isObject(resolution) ? resolution : {};
    const integrity = str(res, 'integrity');
    const resolved = str(res, 'tarball') ?? str(res, 'repo') ?? (str(res, 'directory') !== undefined ? `file:${str(res, 'directory') as string}` : undefined);
    const peers = new Set(entries(own(meta, 'peerDependencies')).map(([n]) => n));
    const deps = record<string>();
    for (const [n, r] of entries(own(meta, 'peerDependencies'))) if (typeof r === 'string') deps[n] = r;
    for (const [field, kind] of KINDS.slice(0, 2) as [string, EdgeKind][]) {
      for (const [n, r] of entries(own(snap, field))) {
        if (typeof r !== 'string') throw new LockfileError('malformed', file, `${v9 ? 'snapshots' : 'packages'}["${key}"].${field}.${n} must be a string`);
        deps[n] = r.split('(')[0] as string;
        if (r.startsWith('link:')) continue;
        const to = refKey(n, r);
        if (!snapshots.has(to)) continue;
        if (to !== `${n}@${r}` && to !== `/${n}@${r}`) aliasOf.set(to, n);
        b.edge(key, to, peers.has(n) ? 'peer' : kind);
      }
    }
    const type = str(res, 'type');
    let source: PackageSource = 'registry';
    if (type === 'git') source = 'git';
    else if (type === 'directory') source = 'file';
    else if (!/^[0-9]/.test(ver)) source = sourceOf(resolved ?? ver, ver);
    else if (resolved !== undefined) source = resolvedSource(resolved);
    const line = lines.get(`packages\u0000${base}`) ?? lines.get(`snapshots\u0000${key}`);
    b.add({
      key,
      name,
      ...(id !== undefined && id.name !== name ? { alias: id.name } : {}),
      version: /^[0-9]/.test(ver) ? ver : (id?.version ?? ver),
      source,
      ...(resolved !== undefined ? { resolved } : {}),
      ...(integrity !== undefined ? { integrity } : {}),
      // pnpm 6 also writes requiresBuild for every optional package it did not fetch (it cannot
      // tell): on those it says nothing, and is left out (is-number@6 has no scripts).
      ...(bool(meta, 'requiresBuild') && !bool(meta, 'optional') ? { hasInstallScript: true } : {}),
      ...(platformConditions(meta) !== undefined ? { conditions: platformConditions(meta) } : {}),
      dependencies: deps,
      ...(line !== undefined ? { line } : {}),
    });
  }
  const graph = b.build({ path: file, format: 'pnpm', version: version as string }, importers);
  return {
    ...graph,
    packages: graph.packages.map((p) => {
      const spec = specOf.get(p.key);
      const s = spec === undefined ? undefined : specSource(spec);
      const alias = aliasOf.get(p.key);
      return {
        ...p,
        ...(s !== undefined && s !== 'registry' && p.source === 'registry' ? { source: s } : {}),
        ...(alias !== undefined && alias !== p.name && p.alias === undefined ? { alias } : {}),
      };
    }),
  };
}

function section(data: JsonObject, key: string, file: string): Map<string, JsonObject> {
  const value = own(data, key);
  const out = new Map<string, JsonObject>();
  if (value === undefined || value === null || value === '') return out;
  if (!isObject(value)) throw new LockfileError('malformed', file, `"${key}" must be a mapping`);
  for (const [k, v] of Object.entries(value)) {
    // `{}` and an empty value both mean "nothing recorded".
    if (v === '' || v === null) out.set(k, {});
    else if (isObject(v)) out.set(k, v);
    else throw new LockfileError('malformed', file, `${key}["${k}"] must be a mapping`);
  }
  return out;
}

/** `a@1.0.0(b@2.0.0)` -> `a@1.0.0`: the packages entry a snapshot belongs to. */
function baseKey(key: string): string {
  const at = key.indexOf('@', 1);
  const paren = key.indexOf('(', at);
  return paren === -1 ? key : key.slice(0, paren);
}

/** `@s/a@1.0.0(peer@2)` -> name `@s/a`, version `1.0.0`. Undefined for keys that are not name@version. */
function parseDepPath(path: string): { name: string; version: string } | undefined {
  const head = baseKey(path);
  const at = head.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: head.slice(0, at), version: head.slice(at + 1) };
}
