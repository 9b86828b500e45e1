// Collects what a parser read (instances and typed edges) and turns it into the shared
// DependencyGraph. The dev / optional / peer flags are computed here from the graph for every format,
// so that they mean the same thing whatever the lockfile recorded (yarn records none of them):
// dev: no path from an importer without a devDependencies edge; optional: every path goes through
// an optionalDependencies edge; peer: every path goes through a peerDependencies edge.
import type { DependencyGraph, Importer, LockfileFormat, PackageInstance, PackageSource } from '../model.js';

export type EdgeKind = 'prod' | 'dev' | 'optional' | 'peer';

export interface DraftInstance {
  readonly key: string;
  readonly name: string;
  readonly alias?: string;
  readonly version: string;
  readonly source: PackageSource;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly hasInstallScript?: boolean;
  readonly bundled?: boolean;
  readonly conditions?: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly line?: number;
}

interface Edge {
  readonly to: string;
  readonly kind: EdgeKind;
}

export class GraphBuilder {
  private readonly instances = new Map<string, DraftInstance>();
  private readonly edges = new Map<string, Edge[]>();
  private readonly seen = new Set<string>();

  has(key: string): boolean {
    return this.instances.has(key);
  }

  get(key: string): DraftInstance | undefined {
    return this.instances.get(key);
  }

  /** The first draft for a key wins: a second one with the same key is the same copy. */
  add(instance: DraftInstance): void {
    if (!this.instances.has(instance.key)) this.instances.set(instance.key, instance);
  }

  /** Edge from an importer path or an instance key to an instance key (deduplicated). */
  edge(from: string, to: string, kind: EdgeKind): void {
    const id = `${from}\u0000${to}\u0000${kind}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    let list = this.edges.get(from);
    if (list === undefined) this.edges.set(from, (list = []));
    list.push({ to, kind });
  }

  /** `settle` may replace the computed flags or the source of a copy (npm records its own flags). */
  build(
    lockfile: { path: string; format: LockfileFormat; version: string },
    importers: readonly Importer[],
    settle?: (draft: DraftInstance) => Partial<Pick<PackageInstance, 'dev' | 'optional' | 'peer' | 'source'>> | undefined,
  ): DependencyGraph {
    const roots = importers.map((i) => i.path);
    const prod = this.reach(roots, (k) => k !== 'dev', (k) => k !== 'dev');
    const required = this.reach(roots, (k) => k !== 'optional', (k) => k === 'prod' || k === 'peer');
    const direct = this.reach(roots, (k) => k !== 'peer', (k) => k === 'prod' || k === 'optional');
    const any = this.reach(roots, () => true, (k) => k !== 'dev');
    const packages: PackageInstance[] = [];
    for (const draft of this.instances.values()) {
      // Not reachable at all (an extraneous entry): count it as shipping, the cautious reading.
      const reachable = any.has(draft.key);
      const instance: PackageInstance = {
        ...draft,
        dev: reachable && !prod.has(draft.key),
        optional: reachable && !required.has(draft.key),
        peer: reachable && !direct.has(draft.key),
      };
      const override = settle?.(draft);
      packages.push(override === undefined ? instance : Object.assign(instance, override));
    }
    const edges = new Map<string, readonly string[]>();
    for (const [from, list] of this.edges) {
      const to = [...new Set(list.filter((e) => this.instances.has(e.to)).map((e) => e.to))];
      edges.set(from, to);
    }
    for (const root of roots) if (!edges.has(root)) edges.set(root, []);
    return { lockfile, importers, packages, edges };
  }

  /** Keys reachable from the importers through a first edge accepted by `first`, then by `next`. */
  private reach(roots: readonly string[], first: (k: EdgeKind) => boolean, next: (k: EdgeKind) => boolean): Set<string> {
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const root of roots) {
      for (const e of this.edges.get(root) ?? []) {
        if (first(e.kind) && !seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
    }
    for (let i = 0; i < queue.length; i++) {
      for (const e of this.edges.get(queue[i] as string) ?? []) {
        if (next(e.kind) && !seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
    }
    return seen;
  }
}
