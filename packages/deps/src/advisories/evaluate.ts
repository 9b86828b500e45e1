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
import semver from 'semver';
import { parseVersion, sortEvents } from './intervals.js';
import { eventParts, type OsvAffected, type OsvRange } from './osv.js';

type SemVer = semver.SemVer;

export function isAffected(version: SemVer, affected: OsvAffected): boolean {
  for (const range of affected.ranges ?? []) {
    if (range.type !== 'GIT' && rangeIncludes(version, range)) return true;
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
