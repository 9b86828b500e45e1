// Who depends on each installed copy, and with which declared range: the reverse of graph.edges.
import semver from 'semver';
import type { DependencyGraph, Importer, PackageInstance } from '../model.js';

export interface Parent {
  /** The root project or a workspace (its package.json declares the range)... */
  readonly importer?: Importer;
  /** ...or another installed copy (its own package.json, as the lockfile recorded it). */
  readonly instance?: PackageInstance;
  /** The declared range, undefined when it is not a semver range (git URL, file:, workspace:). */
  readonly range?: string;
}

export type ParentIndex = ReadonlyMap<string, readonly Parent[]>;

/** `npm:lodash@^4.17.0` -> `^4.17.0`; `workspace:^1.0.0` -> `^1.0.0`; anything else as is. */
export function rangeOf(declared: string | undefined): string | undefined {
  if (declared === undefined) return undefined;
  let range = declared.trim();
  const alias = /^npm:(?:@[^/]+\/)?[^@]+@(.*)$/.exec(range);
  if (alias?.[1] !== undefined) range = alias[1];
  if (range.startsWith('workspace:')) range = range.slice('workspace:'.length);
  if (range === '' || range === '*' || range === 'latest') return '*';
  return semver.validRange(range, { loose: true }) === null ? undefined : range;
}

function declaredIn(importer: Importer, name: string): string | undefined {
  return importer.dependencies[name] ?? importer.optionalDependencies[name] ?? importer.devDependencies[name] ?? importer.peerDependencies[name];
}

export function buildParentIndex(graph: DependencyGraph): ParentIndex {
  const importers = new Map(graph.importers.map((importer) => [importer.path, importer]));
  const importersByName = new Map(graph.importers.map((importer) => [importer.name, importer]));
  const instances = new Map(graph.packages.map((instance) => [instance.key, instance]));
  const index = new Map<string, Parent[]>();
  for (const [from, targets] of graph.edges) {
    const importer = importers.get(from);
    const parentInstance = importer === undefined ? instances.get(from) : undefined;
    // A workspace linked into node_modules is its importer: its package.json declares the ranges.
    const linked = parentInstance !== undefined && (parentInstance.source === 'link' || parentInstance.source === 'workspace') ? importersByName.get(parentInstance.name) : undefined;
    const owner = importer ?? linked;
    for (const target of targets) {
      const child = instances.get(target);
      if (child === undefined) continue;
      const declaredName = child.alias ?? child.name;
      const parent: Parent =
        owner !== undefined
          ? { importer: owner, range: rangeOf(declaredIn(owner, declaredName)) }
          : parentInstance !== undefined
            ? { instance: parentInstance, range: rangeOf(parentInstance.dependencies[declaredName]) }
            : {};
      if (parent.importer === undefined && parent.instance === undefined) continue;
      const list = index.get(target) ?? [];
      list.push(parent);
      index.set(target, list);
    }
  }
  return index;
}

export function admits(range: string | undefined, version: string): boolean {
  return range !== undefined && semver.satisfies(version, range, { loose: true, includePrerelease: false });
}
