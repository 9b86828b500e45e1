// yarn.lock v1 (yarn classic). Each entry resolves one or more descriptors to one copy; dependencies
// are ranges, found again through the descriptor `name@range`. Yarn records no dev / optional /
// peer flags, no workspaces and no install scripts: flags are computed from the graph, workspaces
// come from package.json. Entries without `integrity` (yarn < 1.10) get the SHA-1 of the resolved
// URL's `#fragment`, which is what yarn checks them against.
import type { DependencyGraph } from '../model.js';
import { GraphBuilder, type EdgeKind } from './builder.js';
import { LockfileError } from './errors.js';
import { declared, type ManifestSource } from './manifest.js';
import { merge, record } from './safe.js';
import { parseNpmAlias, sourceOf } from './source.js';
import { parseClassicSyntax } from './yarn-classic-syntax.js';
import { hexToSri, splitDescriptor } from './yarn-descriptor.js';
import { yarnImporters } from './yarn-workspaces.js';

export function parseYarnClassicLockfile(text: string, file: string, manifests: ManifestSource): DependencyGraph {
  if (!/^(#.*\r?\n)*#\s*yarn lockfile v1\s*$/m.test(text.slice(0, 1000))) {
    throw new LockfileError('unsupported', file, 'is not a yarn lockfile v1 (no "# yarn lockfile v1" header)');
  }
  const parsed = parseClassicSyntax(text, file);
  const importers = yarnImporters(file, manifests);
  const b = new GraphBuilder();
  const byDescriptor = new Map<string, string>();
  const entries: { key: string; deps: [string, string, EdgeKind][] }[] = [];
  for (const entry of parsed) {
    const key = entry.descriptors.join(', ');
    const first = splitDescriptor(entry.descriptors[0] as string);
    const version = entry.fields.get('version');
    if (first === undefined || version === undefined) {
      throw new LockfileError('malformed', file, `line ${entry.line}: entry "${key}" needs name@range descriptors and a version`);
    }
    for (const d of entry.descriptors) byDescriptor.set(d, key);
    const alias = parseNpmAlias(first.range);
    const resolved = entry.fields.get('resolved');
    const fragment = resolved?.split('#')[1];
    const integrity = entry.fields.get('integrity') ?? (fragment !== undefined ? hexToSri('sha1', fragment) : undefined);
    const deps: [string, string, EdgeKind][] = [];
    const dependencies = record<string>();
    for (const [field, kind] of [['dependencies', 'prod'], ['optionalDependencies', 'optional']] as const) {
      for (const [n, r] of entry.blocks.get(field) ?? new Map<string, string>()) {
        deps.push([n, r, kind]);
        dependencies[n] = r;
      }
    }
    b.add({
      key,
      name: alias?.name ?? first.name,
      ...(alias !== undefined && alias.name !== first.name ? { alias: first.name } : {}),
      version,
      source: sourceOf(resolved, alias !== undefined ? undefined : first.range),
      ...(resolved !== undefined ? { resolved } : {}),
      ...(integrity !== undefined ? { integrity } : {}),
      dependencies,
      line: entry.line,
    });
    entries.push({ key, deps });
  }
  for (const { key, deps } of entries) {
    for (const [n, r, kind] of deps) {
      const to = byDescriptor.get(`${n}@${r}`);
      if (to !== undefined) b.edge(key, to, kind);
    }
  }
  // Workspaces: a dependency on a workspace's name resolves to that folder, as yarn links it.
  const workspaceKey = new Map<string, string>();
  for (const imp of importers) {
    if (imp.path === '') continue;
    const key = `${imp.name}@workspace:${imp.path}`;
    workspaceKey.set(imp.name, key);
    b.add({ key, name: imp.name, version: imp.version ?? '0.0.0', source: 'workspace', resolved: imp.path, dependencies: merge(imp.dependencies, imp.optionalDependencies) });
  }
  for (const imp of importers) {
    const link = (from: string, withDev: boolean): void => {
      for (const d of declared(imp)) {
        if (d.kind === 'dev' && !withDev) continue;
        const to = byDescriptor.get(`${d.name}@${d.range}`) ?? workspaceKey.get(d.name);
        if (to !== undefined) b.edge(from, to, d.kind);
      }
    };
    link(imp.path, true);
    const wk = workspaceKey.get(imp.name);
    if (imp.path !== '' && wk !== undefined) link(wk, false);
  }
  return b.build({ path: file, format: 'yarn-classic', version: '1' }, importers);
}
