// Version intervals over SemVer 2.0 precedence (the total order OSV's SEMVER and npm's ECOSYSTEM
// ranges use). node-semver ranges become unions of intervals, which can be subtracted (the WG's
// "vulnerable but not patched"), intersected (engines vs affected) and written as OSV events.
//
// A strict lower bound `>a` has an exact inclusive form in this order: the smallest version above
// a release a.b.c is a.b.(c+1)-0, above a prerelease a.b.c-p it is a.b.c-p.0. So every node-semver
// comparator set is an interval [lo, hi) or [lo, hi] and every range is expressible as events.
import semver from 'semver';
import type { OsvEvent, OsvRange } from './osv.js';
import { eventParts } from './osv.js';

type SemVer = semver.SemVer;

export interface Bound {
  readonly version: SemVer;
  readonly inclusive: boolean;
}

/** lo is always inclusive (strict bounds are turned into their successor); undefined = unbounded. */
export interface Interval {
  readonly lo?: SemVer;
  readonly hi?: Bound;
}

export function parseVersion(v: string): SemVer | null {
  return semver.parse(v) ?? semver.parse(v, { loose: true });
}

/** The smallest version that is greater than v in SemVer precedence. */
export function successor(v: SemVer): SemVer {
  const next =
    v.prerelease.length === 0 ? `${v.major}.${v.minor}.${v.patch + 1}-0` : `${v.major}.${v.minor}.${v.patch}-${v.prerelease.join('.')}.0`;
  return new semver.SemVer(next);
}

/** The intervals of a node-semver range, merged and sorted; undefined if the range does not parse. */
export function rangeToIntervals(range: string): Interval[] | undefined {
  let parsed: semver.Range;
  try {
    parsed = new semver.Range(range);
  } catch {
    return undefined;
  }
  const out: Interval[] = [];
  for (const set of parsed.set) {
    let lo: SemVer | undefined;
    let hi: Bound | undefined;
    for (const c of set) {
      if (c.value === '') continue; // the ANY comparator (`*`)
      const v = c.semver;
      if (c.operator === '>=' || c.operator === '>') {
        const l = c.operator === '>' ? successor(v) : v;
        if (lo === undefined || semver.compare(l, lo) > 0) lo = l;
      }
      if (c.operator === '<' || c.operator === '<=') {
        const h = { version: v, inclusive: c.operator === '<=' };
        if (hi === undefined || compareUpper(h, hi) < 0) hi = h;
      }
      if (c.operator === '' || c.operator === '=') {
        if (lo === undefined || semver.compare(v, lo) > 0) lo = v;
        const h = { version: v, inclusive: true };
        if (hi === undefined || compareUpper(h, hi) < 0) hi = h;
      }
    }
    const interval = normalize({ lo, hi });
    if (interval !== undefined) out.push(interval);
  }
  return merge(out);
}

/** a - b, both sorted and merged. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let current: Interval[] = [...a];
  for (const cut of b) {
    const next: Interval[] = [];
    for (const piece of current) {
      // Left of the cut: [piece.lo, cut.lo)
      if (cut.lo !== undefined) {
        const left = normalize({ lo: piece.lo, hi: minUpper(piece.hi, { version: cut.lo, inclusive: false }) });
        if (left !== undefined) next.push(left);
      }
      // Right of the cut: (cut.hi, piece.hi]
      if (cut.hi !== undefined) {
        const start = cut.hi.inclusive ? successor(cut.hi.version) : cut.hi.version;
        const lo = piece.lo === undefined || semver.compare(start, piece.lo) > 0 ? start : piece.lo;
        const right = normalize({ lo, hi: piece.hi });
        if (right !== undefined) next.push(right);
      }
    }
    current = next;
  }
  return merge(current);
}

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const lo = x.lo === undefined ? y.lo : y.lo === undefined ? x.lo : semver.compare(x.lo, y.lo) >= 0 ? x.lo : y.lo;
      const i = normalize({ lo, hi: minUpper(x.hi, y.hi) });
      if (i !== undefined) out.push(i);
    }
  }
  return merge(out);
}

export function contains(i: Interval, v: SemVer): boolean {
  if (i.lo !== undefined && semver.compare(v, i.lo) < 0) return false;
  if (i.hi === undefined) return true;
  const c = semver.compare(v, i.hi.version);
  return i.hi.inclusive ? c <= 0 : c < 0;
}

/** One OSV range whose events describe exactly these (sorted, disjoint) intervals. */
export function intervalsToRange(intervals: readonly Interval[], type: 'SEMVER' | 'ECOSYSTEM' = 'SEMVER'): OsvRange {
  const events: OsvEvent[] = [];
  for (const i of intervals) {
    events.push({ introduced: i.lo === undefined ? '0' : i.lo.version });
    if (i.hi !== undefined) events.push(i.hi.inclusive ? { last_affected: i.hi.version.version } : { fixed: i.hi.version.version });
  }
  return { type, events };
}

/**
 * The intervals an OSV range's events describe (limit events clip the result). Events whose
 * version does not parse are dropped, except an unparseable introduced, which counts as "0":
 * unreadable data must not make a version look safe.
 */
export function rangeEventsToIntervals(range: OsvRange): Interval[] {
  const out: Interval[] = [];
  let start: SemVer | undefined | null = null; // null: not inside an affected stretch
  let limit: Bound | undefined;
  for (const e of sortEvents(range.events)) {
    const { kind, version } = eventParts(e);
    const v = version === '0' ? undefined : (parseVersion(version) ?? undefined);
    if (kind === 'introduced') {
      if (start === null) start = v;
    } else if (kind === 'limit') {
      if (v !== undefined && (limit === undefined || semver.compare(v, limit.version) > 0)) limit = { version: v, inclusive: false };
    } else if (start !== null && v !== undefined) {
      const i = normalize({ lo: start, hi: { version: v, inclusive: kind === 'last_affected' } });
      if (i !== undefined) out.push(i);
      start = null;
    }
  }
  if (start !== null) out.push({ lo: start });
  const merged = merge(out);
  return limit === undefined ? merged : intersect(merged, [{ hi: limit }]);
}

/** Events sorted by version ("0" first); equal versions keep their order (Array.sort is stable). */
export function sortEvents(events: readonly OsvEvent[]): OsvEvent[] {
  const key = (e: OsvEvent): SemVer | undefined => {
    const { version } = eventParts(e);
    return version === '0' ? undefined : (parseVersion(version) ?? undefined);
  };
  return [...events].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? -1 : 1;
    return semver.compare(x, y);
  });
}

function compareUpper(a: Bound, b: Bound): number {
  const c = semver.compare(a.version, b.version);
  if (c !== 0) return c;
  return a.inclusive === b.inclusive ? 0 : a.inclusive ? 1 : -1;
}

function minUpper(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareUpper(a, b) <= 0 ? a : b;
}

function normalize(i: Interval): Interval | undefined {
  const { lo, hi } = i;
  if (hi !== undefined) {
    // `<0.0.0` (the WG's "no patched version") is empty, whatever prerelease of 0.0.0 it would admit.
    if (!hi.inclusive && hi.version.major === 0 && hi.version.minor === 0 && hi.version.patch === 0) return undefined;
    if (lo !== undefined) {
      const c = semver.compare(lo, hi.version);
      if (c > 0 || (c === 0 && !hi.inclusive)) return undefined;
    }
  }
  return { ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}) };
}

function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) =>
    a.lo === undefined ? (b.lo === undefined ? 0 : -1) : b.lo === undefined ? 1 : semver.compare(a.lo, b.lo),
  );
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last !== undefined && touches(last, i)) {
      out[out.length - 1] = { ...(last.lo !== undefined ? { lo: last.lo } : {}), ...maxUpperPart(last.hi, i.hi) };
    } else {
      out.push(i);
    }
  }
  return out;
}

/** Whether b (starting at or after a's start) overlaps or directly follows a. */
function touches(a: Interval, b: Interval): boolean {
  if (a.hi === undefined || b.lo === undefined) return true;
  const c = semver.compare(b.lo, a.hi.version);
  if (c < 0) return true;
  if (c === 0) return true; // [x, y) followed by [y, ...) or [x, y] followed by [y, ...]
  return a.hi.inclusive && semver.compare(b.lo, successor(a.hi.version)) === 0;
}

function maxUpperPart(a: Bound | undefined, b: Bound | undefined): { hi?: Bound } {
  if (a === undefined || b === undefined) return {};
  return { hi: compareUpper(a, b) >= 0 ? a : b };
}
