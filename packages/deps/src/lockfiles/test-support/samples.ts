// Test helpers: the committed sample lockfiles, and a ManifestSource made of objects.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readLockfile } from '../index.js';
import { matchesAny } from '../glob.js';
import { parseManifest, type ManifestSource } from '../manifest.js';
import type { DependencyGraph, PackageInstance } from '../../model.js';

export function samplePath(sample: string): string {
  return fileURLToPath(new URL(`../test-data/${sample}`, import.meta.url));
}

export function sampleText(sample: string): string {
  return readFileSync(samplePath(sample), 'utf8');
}

export function readSample(sample: string): Promise<DependencyGraph> {
  return readLockfile(samplePath(sample));
}

/** package.json contents by folder ('' = root). */
export function memoryManifests(files: Record<string, unknown>): ManifestSource {
  return {
    read: (dir) => (Object.prototype.hasOwnProperty.call(files, dir) ? parseManifest(JSON.stringify(files[dir]), `${dir || '.'}/package.json`) : undefined),
    glob: (patterns) => Object.keys(files).filter((d) => d !== '' && matchesAny(d, patterns)),
  };
}

export function byKey(graph: DependencyGraph, key: string): PackageInstance {
  const p = graph.packages.find((x) => x.key === key);
  if (p === undefined) throw new Error(`no instance ${key}`);
  return p;
}

export function named(graph: DependencyGraph, name: string): PackageInstance[] {
  return graph.packages.filter((p) => p.name === name);
}

/** The text of 1-based line `line` of a sample. */
export function lineOf(sample: string, line: number | undefined): string {
  if (line === undefined) return '';
  return sampleText(sample).split('\n')[line - 1] ?? '';
}

/** A sorted copy of a list of edges (readonly in the graph). */
export function sorted(list: readonly string[] | undefined): string[] {
  return [...(list ?? [])].sort();
}
