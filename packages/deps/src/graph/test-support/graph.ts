// A small graph written by hand, for tests of graph functions and policy rules.
import type { DependencyGraph, Importer, PackageInstance } from '../../model.js';

export function importer(path: string, name: string, declared: Partial<Pick<Importer, 'dependencies' | 'devDependencies' | 'optionalDependencies' | 'peerDependencies' | 'allowScripts'>> = {}): Importer {
  return { path, name, dependencies: {}, devDependencies: {}, optionalDependencies: {}, peerDependencies: {}, ...declared };
}

export function pkg(key: string, fields: Partial<PackageInstance> = {}): PackageInstance {
  const [name, version] = key.includes('@', 1) ? [key.slice(0, key.lastIndexOf('@')), key.slice(key.lastIndexOf('@') + 1)] : [key, '1.0.0'];
  return { key, name, version, dev: false, optional: false, peer: false, source: 'registry', integrity: 'sha512-AAAA', dependencies: {}, ...fields };
}

export function graph(importers: Importer[], packages: PackageInstance[], edges: Record<string, string[]>): DependencyGraph {
  return { lockfile: { path: 'package-lock.json', format: 'npm', version: '3' }, importers, packages, edges: new Map(Object.entries(edges)) };
}
