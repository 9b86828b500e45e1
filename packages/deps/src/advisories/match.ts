// Installed copies against the advisory database. One match per (copy, vulnerability): records
// that are aliases of each other (a GHSA, the WG's NSWG-ECO record and the CVE they share) are
// merged into one match whose id is the preferred one (GHSA > NSWG > CVE > other), the rest in
// `aliases`.
import semver from 'semver';
import type { PackageInstance, Severity } from '../model.js';
import type { AdvisoryDatabase } from './database.js';
import { indexKey } from './database.js';
import { isAffected } from './evaluate.js';
import { parseVersion } from './intervals.js';
import { eventParts, type OsvAffected, type OsvRecord } from './osv.js';
import { recordSeverity, type CvssScore } from './severity.js';

type SemVer = semver.SemVer;

export interface AdvisoryMatch {
  readonly instance: PackageInstance;
  /** The preferred record of the merged group. */
  readonly record: OsvRecord;
  /** Every other id and alias of the merged records, sorted. */
  readonly aliases: string[];
  /** Ids of all records merged into this match (the preferred one first). */
  readonly records: readonly string[];
  /** Lowest version above the installed one that none of this copy's matched records says is affected. */
  readonly fixedIn?: string;
  readonly severity: Severity;
  readonly cvss?: CvssScore;
  /** Source name of the preferred record (AdvisoryDatabase.sourceOf). */
  readonly source: string;
}

/** Local code (workspaces, links, file: folders) is not the registry package of the same name. */
const SKIPPED_SOURCES = new Set(['workspace', 'link', 'file']);

export function matchAdvisories(db: AdvisoryDatabase, packages: readonly PackageInstance[]): AdvisoryMatch[] {
  const out: AdvisoryMatch[] = [];
  for (const instance of packages) {
    if (SKIPPED_SOURCES.has(instance.source)) continue;
    const version = parseVersion(instance.version);
    if (version === null) continue;
    const matched = db
      .recordsFor('npm', instance.name)
      .filter((r) => entriesFor(r, 'npm', instance.name).some((a) => isAffected(version, a)));
    if (matched.length === 0) continue;
    for (const group of aliasGroups(matched)) {
      out.push(buildMatch(db, instance, version, group, matched, 'npm'));
    }
  }
  return out;
}

/** The record's affected entries for this package. */
export function entriesFor(record: OsvRecord, ecosystem: string, name: string): OsvAffected[] {
  const key = indexKey(ecosystem, name);
  return (record.affected ?? []).filter((a) => a.package !== undefined && indexKey(a.package.ecosystem, a.package.name) === key);
}

export function preferenceRank(id: string): number {
  if (id.startsWith('GHSA-')) return 0;
  if (id.startsWith('NSWG-')) return 1;
  if (id.startsWith('CVE-')) return 2;
  return 3;
}

function byPreference(a: OsvRecord, b: OsvRecord): number {
  return preferenceRank(a.id) - preferenceRank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Records linked by a shared id or alias (transitively), each group sorted by preference. */
export function aliasGroups(records: readonly OsvRecord[]): OsvRecord[][] {
  const parent = records.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const owner = new Map<string, number>();
  records.forEach((r, i) => {
    for (const id of [r.id, ...(r.aliases ?? [])]) {
      const j = owner.get(id);
      if (j === undefined) owner.set(id, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, OsvRecord[]>();
  records.forEach((r, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g === undefined) groups.set(root, [r]);
    else g.push(r);
  });
  return [...groups.values()].map((g) => g.sort(byPreference)).sort((a, b) => byPreference(a[0] as OsvRecord, b[0] as OsvRecord));
}

export function buildMatch(
  db: AdvisoryDatabase,
  instance: PackageInstance,
  version: SemVer,
  group: readonly OsvRecord[],
  allMatched: readonly OsvRecord[],
  ecosystem: string,
): AdvisoryMatch {
  const preferred = group[0] as OsvRecord;
  const ids = new Set<string>();
  for (const r of group) for (const id of [r.id, ...(r.aliases ?? [])]) ids.add(id);
  ids.delete(preferred.id);
  // Severity of the first record (in preference order) that has a CVSS vector, else a rating.
  const rated = group.map(recordSeverity);
  const chosen = rated.find((s) => s.basis === 'cvss') ?? rated.find((s) => s.basis === 'rating') ?? (rated[0] as (typeof rated)[number]);
  const fixedIn = lowestFix(version, group, allMatched, ecosystem, instance.name);
  return {
    instance,
    record: preferred,
    aliases: [...ids].sort(),
    records: group.map((r) => r.id),
    ...(fixedIn !== undefined ? { fixedIn } : {}),
    severity: chosen.severity,
    ...(chosen.cvss !== undefined ? { cvss: chosen.cvss } : {}),
    source: db.sourceOf(preferred.id) ?? '',
  };
}

/**
 * Candidates are `fixed` events (and, for WG records, the lowest version of each part of
 * `patched_versions`). The advice is the lowest candidate above the installed version that no
 * record matched for this copy says is affected; when there is none (one of them has no fix), the
 * lowest that this match's own records leave unaffected. For an installed release, a prerelease
 * fix (2.0.0-0 from a `1.x` range, 5.0.0-beta.3) is advised as its release when that is safe too.
 */
export function lowestFix(
  version: SemVer,
  group: readonly OsvRecord[],
  allMatched: readonly OsvRecord[],
  ecosystem: string,
  name: string,
): string | undefined {
  const all = allMatched.flatMap((r) => entriesFor(r, ecosystem, name));
  const own = group.flatMap((r) => entriesFor(r, ecosystem, name));
  return lowestSafe(version, fixCandidates(all), all) ?? lowestSafe(version, fixCandidates(own), own);
}

function fixCandidates(entries: readonly OsvAffected[]): SemVer[] {
  const candidates: SemVer[] = [];
  for (const a of entries) {
    for (const range of a.ranges ?? []) {
      if (range.type === 'GIT') continue;
      for (const e of range.events) {
        const { kind, version: raw } = eventParts(e);
        const v = kind === 'fixed' ? parseVersion(raw) : null;
        if (v !== null) candidates.push(v);
      }
    }
    const patched = a.database_specific?.['patched_versions'];
    if (typeof patched === 'string') candidates.push(...minVersions(patched));
  }
  return candidates;
}

function lowestSafe(version: SemVer, candidates: readonly SemVer[], entries: readonly OsvAffected[]): string | undefined {
  const safe = (v: SemVer): boolean => semver.compare(v, version) > 0 && !entries.some((a) => isAffected(v, a));
  const usable: SemVer[] = [];
  for (const c of candidates) {
    if (version.prerelease.length === 0 && c.prerelease.length > 0) {
      const release = new semver.SemVer(`${c.major}.${c.minor}.${c.patch}`);
      if (safe(release)) {
        usable.push(release);
        continue;
      }
    }
    if (safe(c)) usable.push(c);
  }
  usable.sort(semver.compare);
  return usable[0]?.version;
}

function minVersions(range: string): SemVer[] {
  try {
    return new semver.Range(range).set.flatMap((set) => {
      const min = semver.minVersion(new semver.Range(set.map((c) => c.value).join(' ')));
      return min === null ? [] : [min];
    });
  } catch {
    return [];
  }
}
