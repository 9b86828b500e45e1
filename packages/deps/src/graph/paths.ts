// Dependency paths (how an importer reaches a copy) and the shipped subset of a graph.
// Paths are searched backwards from the copy over reverse edges, best-first (A*): a partial path's
// priority is its length so far plus the node's exact distance from the nearest importer (one
// forward breadth-first pass per graph, cached). That distance is exact, so paths come out
// shortest first and each is found in about its own length of steps, even where the graph holds
// millions of paths; ties go deepest first. Each path is simple (no node twice: cycles end), and
// the search stops after `limit` paths or a fixed amount of work, whichever comes first.
import type { DependencyGraph, PackageInstance } from '../model.js';

interface Index {
  readonly byKey: Map<string, PackageInstance>;
  readonly reverse: Map<string, string[]>;
  /** Forward distance from the nearest importer (importers 0); absent = unreachable. */
  readonly reachable: Map<string, number>;
  readonly importerNames: Map<string, string>;
}

const indexes = new WeakMap<DependencyGraph, Index>();
/** Path steps tried per call, at most: keeps a call cheap on graphs with millions of paths. */
const WORK_PER_PATH = 2_000;

function indexOf(graph: DependencyGraph): Index {
  let index = indexes.get(graph);
  if (index !== undefined) return index;
  const byKey = new Map(graph.packages.map((p) => [p.key, p]));
  const importerNames = new Map(graph.importers.map((i) => [i.path, i.name]));
  const reverse = new Map<string, string[]>();
  for (const [from, tos] of graph.edges) {
    for (const to of tos) {
      let list = reverse.get(to);
      if (list === undefined) reverse.set(to, (list = []));
      list.push(from);
    }
  }
  const reachable = new Map<string, number>();
  const queue: string[] = [];
  for (const i of graph.importers) {
    reachable.set(i.path, 0);
    queue.push(i.path);
  }
  for (let q = 0; q < queue.length; q++) {
    const from = queue[q] as string;
    const d = (reachable.get(from) as number) + 1;
    for (const to of graph.edges.get(from) ?? []) {
      if (!reachable.has(to)) {
        reachable.set(to, d);
        queue.push(to);
      }
    }
  }
  index = { byKey, reverse, reachable, importerNames };
  indexes.set(graph, index);
  return index;
}

interface Partial {
  readonly node: string;
  readonly next: Partial | undefined;
  /** Steps taken back from the copy. */
  readonly g: number;
  /** g + the node's distance from an importer: the length of the shortest completion. */
  readonly f: number;
}

function contains(p: Partial | undefined, node: string): boolean {
  for (let q = p; q !== undefined; q = q.next) if (q.node === node) return true;
  return false;
}

/** Smallest f first; among equals the deepest, so that one path completes before others start. */
function before(a: Partial, b: Partial): boolean {
  return a.f < b.f || (a.f === b.f && a.g > b.g);
}

class Heap {
  private readonly items: Partial[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: Partial): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i] as Partial, a[parent] as Partial)) break;
      [a[i], a[parent]] = [a[parent] as Partial, a[i] as Partial];
      i = parent;
    }
  }
  pop(): Partial | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l] as Partial, a[m] as Partial)) m = l;
        if (r < a.length && before(a[r] as Partial, a[m] as Partial)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Partial, a[i] as Partial];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Up to `limit` dependency paths from an importer to the copy `key`, shortest first, each as
 * `name@version` steps after the importer's own name: ['app', 'express@4.16.0', 'qs@6.5.1'].
 */
export function dependencyPaths(graph: DependencyGraph, key: string, limit = 10): string[][] {
  const index = indexOf(graph);
  const start = index.reachable.get(key);
  if (limit <= 0 || !index.byKey.has(key) || start === undefined) return [];
  const out: string[][] = [];
  const seen = new Set<string>();
  const heap = new Heap();
  heap.push({ node: key, next: undefined, g: 0, f: start });
  const budget = WORK_PER_PATH * limit;
  let work = 0;
  while (heap.size > 0 && out.length < limit && work < budget) {
    const path = heap.pop() as Partial;
    if (index.importerNames.has(path.node)) {
      const steps = [index.importerNames.get(path.node) as string];
      for (let p = path.next; p !== undefined; p = p.next) {
        const pkg = index.byKey.get(p.node) as PackageInstance;
        steps.push(`${pkg.name}@${pkg.version}`);
      }
      const id = steps.join('\u0000');
      if (!seen.has(id)) {
        seen.add(id);
        out.push(steps);
      }
      continue;
    }
    for (const from of index.reverse.get(path.node) ?? []) {
      if (++work > budget) break;
      const d = index.reachable.get(from);
      if (d === undefined || contains(path, from)) continue;
      heap.push({ node: from, next: path, g: path.g + 1, f: path.g + 1 + d });
    }
  }
  return out;
}

/** The graph without what `npm install --omit dev|optional` leaves out: what ships. */
export function omit(graph: DependencyGraph, what: { dev?: boolean; optional?: boolean }): DependencyGraph {
  const dropped = new Set(
    graph.packages.filter((p) => (what.dev === true && p.dev) || (what.optional === true && p.optional)).map((p) => p.key),
  );
  if (dropped.size === 0) return graph;
  const edges = new Map<string, readonly string[]>();
  for (const [from, tos] of graph.edges) if (!dropped.has(from)) edges.set(from, tos.filter((t) => !dropped.has(t)));
  return { ...graph, packages: graph.packages.filter((p) => !dropped.has(p.key)), edges };
}
