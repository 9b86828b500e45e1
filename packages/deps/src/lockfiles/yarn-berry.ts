// yarn.lock of yarn 2+ (berry): YAML with `__metadata`, entries keyed by descriptors with a
// `resolution` locator. Workspaces are entries resolved `workspace:<path>`. Berry keeps a workspace's
// dev dependencies among its `dependencies`, so edge kinds come from the workspace's package.json.
// Checksums are SHA-512 hex (after a cache-key prefix), turned into SRI strings here. Berry records
// neither install scripts nor the copy a peer dependency resolves to (that is decided at link time).
import { parse } from 'yaml';
import type { DependencyGraph, PackageSource } from '../model.js';
import { GraphBuilder, type EdgeKind } from './builder.js';
import { LockfileError } from './errors.js';
import { yamlKeyLines } from './lines.js';
import { declared, type ManifestSource } from './manifest.js';
import { bool, entries, isObject, own, record, str, type JsonObject } from './safe.js';
import { resolvedSource } from './source.js';
import { hexToSri, splitDescriptor } from './yarn-descriptor.js';
import { yarnImporters } from './yarn-workspaces.js';

export function parseYarnBerryLockfile(text: string, file: string, manifests: ManifestSource): DependencyGraph {
  let data: unknown;
  try {
    data = parse(text, { schema: 'failsafe', maxAliasCount: 100, prettyErrors: false });
  } catch (err) {
    throw new LockfileError('malformed', file, `is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!isObject(data)) throw new LockfileError('malformed', file, 'must hold a YAML mapping');
  const meta = own(data, '__metadata');
  const version = isObject(meta) ? str(meta, 'version') : undefined;
  if (version === undefined || !/^\d+$/.test(version)) throw new LockfileError('unsupported', file, 'has no __metadata.version: not a yarn 2+ lockfile');
  if (Number(version) < 4) throw new LockfileError('unsupported', file, `__metadata.version ${version} is not supported (4 or later)`);
  const lines = yamlKeyLines(text, 0);

  const byDescriptor = new Map<string, string>();
  const list: { key: string; entry: JsonObject; name: string; locator: string }[] = [];
  const workspacePaths: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === '__metadata') continue;
    if (!isObject(value)) throw new LockfileError('malformed', file, `entry "${key}" must be a mapping`);
    const resolution = str(value, 'resolution');
    const loc = resolution === undefined ? undefined : splitDescriptor(resolution);
    if (loc === undefined || str(value, 'version') === undefined) throw new LockfileError('malformed', file, `entry "${key}" needs a resolution and a version`);
    for (const d of key.split(',')) {
      byDescriptor.set(d.trim(), key);
      // link:, portal:, file: and patch: descriptors carry `::locator=<who asked>`; dependents
      // write the range without it (`l: "link:../l"`).
      const bare = d.trim().split('::')[0] as string;
      if (!byDescriptor.has(bare)) byDescriptor.set(bare, key);
    }
    list.push({ key, entry: value, name: loc.name, locator: loc.range });
    if (loc.range.startsWith('workspace:')) workspacePaths.push(normalizePath(loc.range.slice('workspace:'.length)));
  }
  const importers = yarnImporters(file, manifests, workspacePaths).map((imp) => {
    const entry = list.find((e) => e.locator.startsWith('workspace:') && normalizePath(e.locator.slice('workspace:'.length)) === imp.path);
    if (entry === undefined) return imp;
    const locked = record<string>();
    for (const [n, r] of entries(own(entry.entry, 'dependencies'))) if (typeof r === 'string') locked[n] = r;
    const line = lines.get(entry.key);
    return { ...imp, locked, ...(line !== undefined ? { line } : {}) };
  });
  const importerByPath = new Map(importers.map((i) => [i.path, i]));
  const lookup = (name: string, range: string): string | undefined =>
    byDescriptor.get(`${name}@${range}`) ?? byDescriptor.get(`${name}@npm:${range}`);

  const b = new GraphBuilder();
  for (const { key, entry, name, locator } of list) {
    const first = splitDescriptor((key.split(',')[0] as string).trim());
    const optional = new Set(entries(own(entry, 'dependenciesMeta')).filter(([, m]) => isObject(m) && bool(m, 'optional')).map(([n]) => n));
    const deps = record<string>();
    for (const [n, r] of entries(own(entry, 'dependencies'))) if (typeof r === 'string') deps[n] = r;
    for (const [n, r] of entries(own(entry, 'optionalDependencies'))) {
      if (typeof r !== 'string') continue;
      deps[n] = r;
      optional.add(n);
    }
    const { source, resolved } = locatorSource(locator);
    const checksum = str(entry, 'checksum');
    const integrity = checksum === undefined ? undefined : hexToSri('sha512', checksum.slice(checksum.lastIndexOf('/') + 1));
    const line = lines.get(key);
    const importer = source === 'workspace' ? importerByPath.get(normalizePath(locator.slice('workspace:'.length))) : undefined;
    // The root workspace is the root importer, not a package anything installs.
    if (importer?.path !== '') b.add({
      key,
      name,
      ...(first !== undefined && first.name !== name ? { alias: first.name } : {}),
      version: importer?.version ?? (str(entry, 'version') as string),
      source,
      ...(resolved !== undefined ? { resolved } : {}),
      ...(integrity !== undefined ? { integrity } : {}),
      ...(str(entry, 'conditions') !== undefined ? { conditions: str(entry, 'conditions') } : {}),
      dependencies: deps,
      ...(line !== undefined ? { line } : {}),
    });
    for (const [n, r] of Object.entries(deps)) {
      const to = lookup(n, r);
      if (to === undefined) continue;
      let kind: EdgeKind = optional.has(n) ? 'optional' : 'prod';
      if (importer !== undefined) {
        if (Object.hasOwn(importer.optionalDependencies, n)) kind = 'optional';
        if (Object.hasOwn(importer.devDependencies, n) && !Object.hasOwn(importer.dependencies, n) && !Object.hasOwn(importer.optionalDependencies, n)) kind = 'dev';
        // The importer itself uses its dev dependencies; a workspace linked from elsewhere does not.
        b.edge(importer.path, to, kind);
        if (kind === 'dev') continue;
      }
      b.edge(key, to, kind);
    }
  }
  // An importer without its own workspace entry (hand-trimmed lockfiles): its package.json's ranges.
  const withEntry = new Set(workspacePaths);
  for (const imp of importers) {
    if (withEntry.has(imp.path)) continue;
    for (const d of declared(imp)) {
      const to = lookup(d.name, d.range);
      if (to !== undefined) b.edge(imp.path, to, d.kind);
    }
  }
  return b.build({ path: file, format: 'yarn-berry', version }, importers);
}

function normalizePath(p: string): string {
  return p === '.' ? '' : p.replace(/^\.\//, '');
}

/** What a berry locator's protocol says about where the copy came from. */
function locatorSource(locator: string): { source: PackageSource; resolved?: string } {
  if (locator.startsWith('npm:')) return { source: 'registry' };
  if (locator.startsWith('workspace:')) return { source: 'workspace' };
  if (locator.startsWith('link:') || locator.startsWith('portal:')) return { source: 'link', resolved: locator };
  if (locator.startsWith('file:')) return { source: 'file', resolved: locator };
  if (locator.startsWith('patch:')) {
    // patch:inner@npm%3A1.0.0#... -> the patched package's own source.
    const inner = decodeURIComponent(locator.slice('patch:'.length).split('#')[0] as string);
    const d = splitDescriptor(inner);
    return d === undefined ? { source: 'registry' } : locatorSource(d.range);
  }
  if (/^https?:/.test(locator) || /^git/.test(locator) || locator.includes('.git#')) {
    const url = locator.replace(/#commit=/, '#');
    return { source: resolvedSource(url) === 'git' || locator.includes('commit=') ? 'git' : 'http', resolved: url };
  }
  return { source: 'registry' };
}
