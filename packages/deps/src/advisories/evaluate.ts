// Is one version affected by one `affected[]` entry? The OSV schema's evaluation algorithm
// (https://ossf.github.io/osv-schema/#evaluation), for SEMVER ranges and npm's ECOSYSTEM ranges
// (npm orders versions by SemVer 2.0 precedence, prereleases included):
//
//   affected if v is in `versions`, or for some range: v < some limit (when there are limits)
//   and, walking the events sorted by version ("0" first), the last matching step left it
//   vulnerable: introduced (v >= introduced) sets, fixed (v >= fixed) clears,
//   last_affected (v > last_affected) clears.
//
// GIT ranges cannot be evaluated against a registry version and are skipped (OSV records for npm
// carry ECOSYSTEM ranges too when they have GIT ones). An introduced version that does not parse
// counts as "0" and an unparseable fixed/last_affected/limit is ignored: bad data must not make a
// version look safe.
//
// One deliberate addition: GitHub's OSV export writes an upper bound it cannot express as an event
// (affected up to some version, no fix published) as database_specific
// `last_known_affected_version_range` ("< 4.0.0", "<= 3.0.0-beta.8") and leaves the range open.
// Read by the letter, such a record affects every later version (github/advisory-database#470:
// express GHSA-jj78-5fmv-mv28 would flag express 4 and 5 for an express 3 bug). A range with no
// fixed or last_affected event is therefore closed by that bound when the entry has one.
import semver from 'semver';
import { parseVersion, sortEvents } from './intervals.js';
import { eventParts, type OsvAffected, type OsvRange } from './osv.js';

type SemVer = semver.SemVer;

export function isAffected(version: SemVer, affected: OsvAffected): boolean {
  const known = lastKnownAffected(affected);
  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT' || !rangeIncludes(version, range)) continue;
    const open = !range.events.some((e) => 'fixed' in e || 'last_affected' in e);
    if (open && known !== undefined && !withinKnown(version, known)) continue;
    return true;
  }
  for (const listed of affected.versions ?? []) {
    const v = parseVersion(listed);
    if (v === null ? listed === version.version : semver.compare(v, version) === 0) return true;
  }
  return false;
}

export function rangeIncludes(version: SemVer, range: OsvRange): boolean {
  if (!beforeLimits(version, range)) return false;
  let vulnerable = false;
  for (const event of sortEvents(range.events)) {
    const { kind, version: raw } = eventParts(event);
    const bound = raw === '0' ? undefined : parseVersion(raw);
    if (kind === 'introduced') {
      if (bound === undefined || bound === null || semver.compare(version, bound) >= 0) vulnerable = true;
    } else if (kind === 'fixed') {
      if (bound && semver.compare(version, bound) >= 0) vulnerable = false;
    } else if (kind === 'last_affected') {
      if (bound && semver.compare(version, bound) > 0) vulnerable = false;
    }
  }
  return vulnerable;
}

function beforeLimits(version: SemVer, range: OsvRange): boolean {
  let anyLimit = false;
  for (const event of range.events) {
    if (!('limit' in event)) continue;
    const bound = parseVersion(event.limit);
    if (bound === null) continue;
    anyLimit = true;
    if (semver.compare(version, bound) < 0) return true;
  }
  return !anyLimit;
}

interface KnownBound {
  readonly version: SemVer;
  readonly inclusive: boolean;
}

/** GitHub's `last_known_affected_version_range` ("< X" or "<= X"), when present and readable. */
export function lastKnownAffected(affected: OsvAffected): KnownBound | undefined {
  const raw = affected.database_specific?.['last_known_affected_version_range'];
  const m = typeof raw === 'string' ? /^\s*(<=?)\s*(\S+)\s*$/.exec(raw) : null;
  const version = m?.[2] === undefined ? null : parseVersion(m[2]);
  return version === null || m === null ? undefined : { version, inclusive: m[1] === '<=' };
}

function withinKnown(version: SemVer, bound: KnownBound): boolean {
  const c = semver.compare(version, bound.version);
  return bound.inclusive ? c <= 0 : c < 0;
}
