// The runtime is a dependency too: the WG's core advisories against the running Node.js and
// against the project's engines.node range. For engines the question is "does the range admit
// an affected version?"; the answer names the lowest admitted affected version and the fix on
// that release line (raise engines to >= that version), plus every other admitted affected line.
import semver from 'semver';
import type { Severity } from '../model.js';
import type { AdvisoryDatabase } from './database.js';
import { isAffected } from './evaluate.js';
import { contains, intersect, parseVersion, rangeEventsToIntervals, rangeToIntervals, type Interval } from './intervals.js';
import { aliasGroups, entriesFor } from './match.js';
import { NODE_CORE_ECOSYSTEM, NODE_CORE_PACKAGE } from './nswg.js';
import { eventParts, type OsvAffected, type OsvRecord } from './osv.js';
import { recordSeverity, type CvssScore } from './severity.js';

type SemVer = semver.SemVer;

export interface NodeCoreLine {
  /** Lowest affected version on this major line that the range admits. */
  readonly from: string;
  /** Lowest fixed version on the same major line, when there is one. */
  readonly fixedIn?: string;
}

export interface NodeCoreMatch {
  /** 'running': process.version is affected; 'engines': the engines range admits an affected version. */
  readonly target: 'running' | 'engines';
  readonly record: OsvRecord;
  readonly aliases: string[];
  /** The running version, or the lowest affected version the engines range admits. */
  readonly version: string;
  /** The fix on that version's major line; else the lowest fix above it (a newer line). */
  readonly fixedIn?: string;
  /** Whether fixedIn is on the same major line as `version`. */
  readonly sameLine: boolean;
  /** For engines: every admitted affected line, lowest first. */
  readonly lines: readonly NodeCoreLine[];
  /** The WG's affectedEnvironments (`all`, or platforms such as `win32`). */
  readonly environments: readonly string[];
  readonly severity: Severity;
  readonly cvss?: CvssScore;
  readonly source: string;
}

export interface NodeCoreOptions {
  /** process.version (`v20.11.1`; the `v` is optional). */
  readonly running: string;
  /** The project's engines.node range, if it declares one. */
  readonly engines?: string;
  /** process.platform: when given, records for other platforms only are not reported for `running`. */
  readonly platform?: string;
}

export function checkNodeCore(db: AdvisoryDatabase, options: NodeCoreOptions): NodeCoreMatch[] {
  const records = groupPreferred(db.recordsFor(NODE_CORE_ECOSYSTEM, NODE_CORE_PACKAGE));
  const out: NodeCoreMatch[] = [];
  const running = parseVersion(options.running.replace(/^v/, ''));
  if (running !== null) {
    for (const { record, aliases } of records) {
      const entries = coreEntries(record);
      if (!entries.some((a) => isAffected(running, a))) continue;
      const environments = environmentsOf(entries);
      if (options.platform !== undefined && !environments.includes('all') && !environments.includes(options.platform)) continue;
      out.push(result(db, 'running', record, aliases, running, [], environments));
    }
  }
  const engines = options.engines === undefined ? undefined : rangeToIntervals(options.engines);
  if (engines !== undefined && engines.length > 0) {
    for (const { record, aliases } of records) {
      const entries = coreEntries(record);
      const affected = entries.flatMap((a) => (a.ranges ?? []).filter((r) => r.type !== 'GIT').flatMap(rangeEventsToIntervals));
      const admitted = intersect(engines, affected);
      const first = admitted[0];
      if (first === undefined) continue;
      const lines = admittedLines(admitted, entries);
      const lowest = first.lo ?? new semver.SemVer('0.0.0');
      out.push(result(db, 'engines', record, aliases, lowest, lines, environmentsOf(entries)));
    }
  }
  return out;
}

function result(
  db: AdvisoryDatabase,
  target: NodeCoreMatch['target'],
  record: OsvRecord,
  aliases: string[],
  version: SemVer,
  lines: readonly NodeCoreLine[],
  environments: readonly string[],
): NodeCoreMatch {
  const fix = fixFor(version, coreEntries(record));
  const sev = recordSeverity(record);
  return {
    target,
    record,
    aliases,
    version: version.version,
    ...(fix !== undefined ? { fixedIn: fix.version } : {}),
    sameLine: fix !== undefined && fix.major === version.major,
    lines,
    environments,
    severity: sev.severity,
    ...(sev.cvss !== undefined ? { cvss: sev.cvss } : {}),
    source: db.sourceOf(record.id) ?? '',
  };
}

function coreEntries(record: OsvRecord): OsvAffected[] {
  return entriesFor(record, NODE_CORE_ECOSYSTEM, NODE_CORE_PACKAGE);
}

/** Core records sharing a CVE (re-issued advisories) are reported once, under the preferred id. */
function groupPreferred(records: readonly OsvRecord[]): { record: OsvRecord; aliases: string[] }[] {
  return aliasGroups(records).map((g) => {
    const record = g[0] as OsvRecord;
    const ids = new Set(g.flatMap((r) => [r.id, ...(r.aliases ?? [])]));
    ids.delete(record.id);
    return { record, aliases: [...ids].sort() };
  });
}

/** The fixed version on v's major line above v, else the lowest fixed version above v. */
function fixFor(v: SemVer, entries: readonly OsvAffected[]): SemVer | undefined {
  const fixes = entries
    .flatMap((a) => (a.ranges ?? []).flatMap((r) => r.events.map(eventParts)))
    .filter((e) => e.kind === 'fixed')
    .map((e) => parseVersion(e.version))
    // "5.x" ends at fixed 6.0.0-0 (a range artefact, not a release); a release is told 6.0.0, if that is safe.
    .map((x) => (x !== null && v.prerelease.length === 0 && x.prerelease.length > 0 ? new semver.SemVer(`${x.major}.${x.minor}.${x.patch}`) : x))
    .filter((x): x is SemVer => x !== null && semver.compare(x, v) > 0 && !entries.some((a) => isAffected(x, a)))
    .sort(semver.compare);
  return fixes.find((f) => f.major === v.major) ?? fixes[0];
}

function admittedLines(admitted: readonly Interval[], entries: readonly OsvAffected[]): NodeCoreLine[] {
  const seen = new Set<number>();
  const lines: NodeCoreLine[] = [];
  for (const i of admitted) {
    const from = i.lo ?? new semver.SemVer('0.0.0');
    if (seen.has(from.major) || !contains(i, from)) continue;
    seen.add(from.major);
    const fix = fixFor(from, entries);
    lines.push({ from: from.version, ...(fix !== undefined && fix.major === from.major ? { fixedIn: fix.version } : {}) });
  }
  return lines;
}

function environmentsOf(entries: readonly OsvAffected[]): string[] {
  const envs = entries.flatMap((a) => {
    const v = a.ecosystem_specific?.['affected_environments'];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  });
  return envs.length > 0 ? [...new Set(envs)] : ['all'];
}
