// Names that imitate a popular package: within a small edit distance of it, the same with
// separators swapped (`cross_spawn`), or a popular scoped name with its scope folded in
// (`types-node` for `@types/node`), or the same package under a look-alike scope.
// Scoped names are compared on their unscoped part (`@acme/lodahs` imitates `lodash`), for swapped
// letters and separators only. Not findings:
// a name that is itself popular; anything in a popular scope (`@types/*`, `@babel/*`: only their
// owners publish there); scoped forks (`@myorg/lodash`, the same name under another scope); names
// of four characters or fewer (every short name is one edit from another).
import { distance } from 'fastest-levenshtein';
import type { PolicyRule, RuleHit } from './types.js';

export interface SquatIndex {
  readonly popular: ReadonlySet<string>;
  readonly byLength: ReadonlyMap<number, readonly string[]>;
  readonly normalized: ReadonlyMap<string, string>;
  readonly folded: ReadonlyMap<string, string>;
  readonly scoped: ReadonlyMap<string, readonly string[]>;
  readonly scopes: ReadonlySet<string>;
  /** byLength without the names under MIN_LENGTH, each with its normalize()d form, computed once. */
  readonly candidates: ReadonlyMap<number, readonly { readonly name: string; readonly normalized: string }[]>;
}

const indexes = new WeakMap<readonly string[], SquatIndex>();
const MIN_LENGTH = 5;
const LONG = 10;
const MIN_SWAP = 6;

export function squatIndex(names: readonly string[]): SquatIndex {
  const hit = indexes.get(names);
  if (hit !== undefined) return hit;
  const popular = new Set(names);
  const byLength = new Map<number, string[]>();
  const normalized = new Map<string, string>();
  const folded = new Map<string, string>();
  const scoped = new Map<string, string[]>();
  const scopes = new Set<string>();
  for (const name of names) {
    if (name.startsWith('@')) {
      const [scope, rest] = name.slice(1).split('/') as [string, string | undefined];
      if (rest === undefined) continue;
      scopes.add(scope);
      const list = scoped.get(rest) ?? [];
      list.push(scope);
      scoped.set(rest, list);
      for (const sep of ['-', '', '.', '_']) if (!folded.has(`${scope}${sep}${rest}`)) folded.set(`${scope}${sep}${rest}`, name);
      continue;
    }
    const list = byLength.get(name.length) ?? [];
    list.push(name);
    byLength.set(name.length, list);
    const n = normalize(name);
    if (!normalized.has(n)) normalized.set(n, name);
  }
  const candidates = new Map<number, { name: string; normalized: string }[]>();
  for (const [len, list] of byLength) if (len >= MIN_LENGTH) candidates.set(len, list.map((name) => ({ name, normalized: normalize(name) })));
  const index = { popular, byLength, normalized, folded, scoped, scopes, candidates };
  indexes.set(names, index);
  return index;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, '');
}

/** The popular name `name` imitates, or undefined. */
export function imitates(name: string, index: SquatIndex): string | undefined {
  if (index.popular.has(name)) return undefined;
  if (name.startsWith('@')) {
    const [scope, rest] = name.slice(1).split('/') as [string, string | undefined];
    // A popular scope (`@types`, `@babel`, ...) is owned by whoever made it popular: nobody else
    // can publish there, so nothing in it is a squat.
    if (rest === undefined || index.scopes.has(scope)) return undefined;
    // @bable/core for @babel/core: the same package name under a scope one edit from a popular scope.
    if (scope.length >= 4) for (const other of index.scoped.get(rest) ?? []) if (typoDistance(scope, other) <= 1) return `@${other}/${rest}`;
    // Otherwise compare the unscoped part: `@acme/lodash` is a fork (same name), `@acme/lodahs` a
    // squat. Only swapped letters or separators count here: other single edits inside a scope are
    // mostly projects of their own (`@gatsbyjs/reach-router` is not `react-router`).
    if (index.popular.has(rest)) return undefined;
    const like = unscoped(rest, index);
    return like !== undefined && (normalize(like) === normalize(rest) || (like.length === rest.length && isTransposition(like, rest))) ? like : undefined;
  }
  const folded = index.folded.get(name);
  if (folded !== undefined) return folded;
  return unscoped(name, index);
}

function unscoped(name: string, index: SquatIndex): string | undefined {
  // Separator swaps only from six letters on: `isurl` and `is-url` are two old, unrelated packages.
  const own = normalize(name);
  const swapped = own.length >= MIN_SWAP ? index.normalized.get(own) : undefined;
  if (swapped !== undefined && swapped !== name) return swapped;
  if (name.length < MIN_LENGTH) return undefined;
  const max = name.length >= LONG ? 2 : 1;
  let best: { name: string; d: number } | undefined;
  // Only lengths within `max` of this one can be within `max` edits.
  for (let len = name.length - max; len <= name.length + max; len++) {
    for (const candidate of index.candidates.get(len) ?? []) {
      // Differences in separators alone are the swap check's (above), with its own length floor.
      if (candidate.normalized === own) continue;
      const d = typoDistance(name, candidate.name);
      if (d <= max && (best === undefined || d < best.d)) best = { name: candidate.name, d };
    }
  }
  return best?.name;
}

/**
 * Edits a typo makes: Levenshtein distance, with a swap of two neighbouring letters counted as one.
 * Two edits count only when they fall in different words (`expres-validatr`); two in one word
 * make another word (`import-global` is not `import-local`), and are returned as 3.
 */
export function typoDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === b.length && isTransposition(a, b)) return 1;
  const d = distance(a, b);
  if (d !== 2) return d;
  const ta = a.split(/[-_.]/);
  const tb = b.split(/[-_.]/);
  if (ta.length !== tb.length || ta.length < 2) return 3;
  return ta.every((t, i) => t === tb[i] || typoDistance(t, tb[i] as string) <= 1) ? 2 : 3;
}

function isTransposition(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

export const typosquat: PolicyRule = {
  id: 'typosquat',
  severity: 'high',
  title: 'Package name imitates a popular package',
  fix: 'Check that this is the package you meant; if not, replace it with the real one and look for what its install scripts did.',
  check(graph, config) {
    const index = squatIndex(config.popularNames);
    const hits: RuleHit[] = [];
    const verdicts = new Map<string, string | undefined>();
    for (const p of graph.packages) {
      if (p.source === 'workspace' || p.source === 'link') continue;
      for (const name of p.alias !== undefined ? [p.name, p.alias] : [p.name]) {
        if (!verdicts.has(name)) verdicts.set(name, imitates(name, index));
        const like = verdicts.get(name);
        if (like !== undefined) {
          hits.push({ pkg: p, title: `${name}@${p.version} looks like the popular package ${like}`, fix: `Did you mean ${like}? ${typosquat.fix}` });
          break;
        }
      }
    }
    return hits;
  },
};
