// Applies the ignore entries to the findings. Nothing disappears: a finding is either active or
// ignored (with the entry that ignores it); an expired entry ignores nothing and is reported with
// the findings it would have covered; an entry in force that covers nothing is reported as unused.
import type { Finding } from '../model.js';
import { isoDay } from '../config/dates.js';
import { pathMatches, type IgnoreEntry } from './entry.js';

export interface IgnoredFinding {
  readonly finding: Finding;
  readonly entry: IgnoreEntry;
}

export interface ExpiredIgnore {
  readonly entry: IgnoreEntry;
  /** The findings it would still cover: active again. */
  readonly findings: readonly Finding[];
}

export interface IgnoreOutcome {
  readonly active: readonly Finding[];
  readonly ignored: readonly IgnoredFinding[];
  readonly expired: readonly ExpiredIgnore[];
  readonly unused: readonly IgnoreEntry[];
}

/** Does the entry cover the finding (ignoring the expiry)? */
export function covers(entry: IgnoreEntry, finding: Finding): boolean {
  const id = entry.id.toLowerCase();
  const idMatches = finding.kind === 'policy' ? finding.id.toLowerCase() === id : [finding.id, ...finding.aliases].some((alias) => alias.toLowerCase() === id);
  if (!idMatches) return false;
  if (entry.package !== undefined) {
    // The real name, or the alias it is installed under (`"x": "npm:lodash@..."`): users write either.
    const alias = (finding as { readonly alias?: string }).alias;
    if (entry.package.name !== finding.package && entry.package.name !== alias) return false;
    if (entry.package.version !== undefined && entry.package.version !== finding.version) return false;
  }
  const patterns = entry.pathPatterns;
  if (patterns === undefined) return true;
  // Limited to some paths: only when every path that reaches this copy is covered, or the copy
  // would stay installed (and vulnerable) through a path nobody looked at.
  if (finding.paths.length === 0) return false;
  return finding.paths.every((path) => patterns.some((pattern) => pathMatches(pattern, path)));
}

export function isExpired(entry: IgnoreEntry, now: Date): boolean {
  return isoDay(now) >= entry.expires;
}

export function applyIgnores(findings: readonly Finding[], entries: readonly IgnoreEntry[], now: Date): IgnoreOutcome {
  const inForce = entries.filter((entry) => !isExpired(entry, now));
  const expiredEntries = entries.filter((entry) => isExpired(entry, now));
  const used = new Set<IgnoreEntry>();
  const active: Finding[] = [];
  const ignored: IgnoredFinding[] = [];
  for (const finding of findings) {
    const entry = inForce.find((candidate) => covers(candidate, finding));
    if (entry === undefined) active.push(finding);
    else {
      used.add(entry);
      ignored.push({ finding, entry });
    }
  }
  // The other entries in force that also cover an ignored finding were used too (not "unused").
  for (const { finding } of ignored) for (const entry of inForce) if (covers(entry, finding)) used.add(entry);
  const expired = expiredEntries.map((entry) => ({ entry, findings: findings.filter((finding) => covers(entry, finding)) }));
  return { active, ignored, expired, unused: inForce.filter((entry) => !used.has(entry)) };
}
