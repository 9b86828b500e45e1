// What the runner needs from the lockfile readers, the advisory database and the policy rules,
// as one small interface. default-engine.ts wires the real modules; keeping the runner behind this
// seam lets its tests build graphs and databases in memory and keeps the runner free of formats.
import type { DependencyGraph, Finding, PackageInstance, Severity } from '../model.js';
import type { OsvRecord } from '../advisories/osv.js';
import type { PolicySettings } from '../config/parse.js';

export interface SourceInfo {
  readonly name: string;
  readonly path: string;
  readonly records: number;
  /** ISO date of the newest record ('' when unknown). */
  readonly newest: string;
}

/** One advisory on one installed copy (aliases merged by the matcher). */
export interface AdvisoryHit {
  readonly instance: PackageInstance;
  readonly id: string;
  readonly aliases: readonly string[];
  readonly title: string;
  readonly severity: Severity;
  readonly fixedIn?: string;
  readonly url?: string;
  readonly source: string;
  /** CWE ids (`CWE-1321`) when the record lists them. */
  readonly cwes: readonly string[];
  readonly cvssScore?: number;
}

/** One Node.js core advisory on the Node version checked. */
export interface NodeCoreHit {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly title: string;
  readonly severity: Severity;
  /** The Node version found affected, and what made us check it. */
  readonly version: string;
  readonly via: 'running' | 'engines';
  readonly fixedIn?: string;
  readonly url?: string;
  readonly source: string;
  readonly cwes: readonly string[];
  readonly cvssScore?: number;
}

export interface OpenedDatabase {
  readonly sources: readonly SourceInfo[];
  readonly size: number;
  match(packages: readonly PackageInstance[]): readonly AdvisoryHit[];
  /** Is name@version affected by any known advisory (fix advice never proposes such a version)? */
  isAffected(name: string, version: string): boolean;
  nodeCore(options: { readonly running: string; readonly engines?: string }): readonly NodeCoreHit[];
}

export interface OnlineOptions {
  readonly osvUrl: string;
  readonly registry: string;
  readonly timeoutMs: number;
  readonly concurrency: number;
}

export interface OnlineResult {
  /** In-memory sources to add to the database (empty when every endpoint failed). */
  readonly sources: readonly { readonly name: string; readonly records: readonly OsvRecord[] }[];
  readonly warnings: readonly string[];
}

export interface DatabaseOptions {
  readonly paths: readonly string[];
  readonly cacheDir?: string;
  readonly useCache: boolean;
  readonly useShipped: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly online?: OnlineResult;
}

export interface DepsEngine {
  findLockfile(dir: string): Promise<string>;
  readLockfile(path: string): Promise<DependencyGraph>;
  omit(graph: DependencyGraph, what: { readonly dev: boolean; readonly optional: boolean }): DependencyGraph;
  dependencyPaths(graph: DependencyGraph, key: string, limit: number): readonly (readonly string[])[];
  fetchOnline(packages: readonly PackageInstance[], options: OnlineOptions): Promise<OnlineResult>;
  openDatabase(options: DatabaseOptions): Promise<OpenedDatabase>;
  policy(graph: DependencyGraph, settings: PolicySettings): readonly Finding[];
}
