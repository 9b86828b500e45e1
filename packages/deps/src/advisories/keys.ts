// The (ecosystem, package name) keys the database indexes records under. Apart from database.ts
// so the cache can store each record's keys at import time without importing the database.
import type { OsvRecord } from './osv.js';

/**
 * npm stopped accepting names with capitals in 2017 and refuses names that differ only in case
 * from an existing one, while advisories sometimes spell a name the way its README does
 * (GHSA-8hc4-vh64-cxmj says `Axios`). So npm names are folded to lower case; other ecosystems
 * are compared exactly.
 */
export function indexKey(ecosystem: string, name: string): string {
  return `${ecosystem}\u0000${ecosystem === 'npm' ? name.toLowerCase() : name}`;
}

/** The distinct keys of a record's affected entries, in the order they first appear. */
export function recordKeys(record: OsvRecord): string[] {
  return [...new Set((record.affected ?? []).flatMap((a) => (a.package ? [indexKey(a.package.ecosystem, a.package.name)] : [])))];
}
