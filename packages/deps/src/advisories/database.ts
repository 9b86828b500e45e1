// The advisory database: records from the shipped data, the local cache, the paths given on the
// command line and in-memory records (online clients), deduplicated by id (the newest `modified`
// wins, so a newer copy that withdraws a record withdraws it), withdrawn records dropped, and
// indexed by (ecosystem, package name) so lookups cost O(1) per installed package.
import { readCache, defaultCacheDir } from './cache.js';
import { loadSource, type LoadedSource } from './loader.js';
import type { OsvRecord } from './osv.js';
import { SHIPPED_SOURCES } from './shipped.js';

export interface AdvisorySource {
  readonly name: string;
  readonly path: string;
  /** Records this source contributed after deduplication and withdrawal. */
  readonly records: number;
  /** ISO date of the newest `modified` among its records ('' when it has none). */
  readonly newest: string;
}

export interface AdvisoryDatabase {
  readonly sources: readonly AdvisorySource[];
  /** Records with an affected entry for this package. npm names compare case-insensitively. */
  recordsFor(ecosystem: string, name: string): readonly OsvRecord[];
  /** The source name a record came from. */
  sourceOf(id: string): string | undefined;
  /** Number of records (distinct ids, withdrawn ones excluded). */
  readonly size: number;
}

export interface OpenDatabaseOptions {
  /** Directories, .zip or .json files, in precedence order (earlier wins a tie on `modified`). */
  readonly paths: readonly string[];
  /** Default: defaultCacheDir(env). */
  readonly cacheDir?: string;
  /** Read records imported with `rampart deps db import` (default true). */
  readonly useCache?: boolean;
  /** Read the data shipped with the package (default true). */
  readonly useShipped?: boolean;
  /** In-memory records, e.g. from the online clients. */
  readonly records?: readonly { readonly name: string; readonly records: readonly OsvRecord[] }[];
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<AdvisoryDatabase> {
  const sources: LoadedSource[] = [];
  for (const path of options.paths) sources.push(await loadSource(path));
  for (const extra of options.records ?? []) sources.push({ name: extra.name, path: extra.name, records: [...extra.records] });
  if (options.useCache !== false) {
    sources.push(...(await readCache(options.cacheDir ?? defaultCacheDir(options.env ?? process.env))));
  }
  if (options.useShipped !== false) {
    for (const s of SHIPPED_SOURCES) sources.push(await loadSource(s.path, s.name));
  }
  return buildDatabase(sources);
}

export function databaseFromRecords(records: readonly OsvRecord[], sourceName: string): AdvisoryDatabase {
  return buildDatabase([{ name: sourceName, path: sourceName, records: [...records] }]);
}

export function buildDatabase(sources: readonly LoadedSource[]): AdvisoryDatabase {
  const winners = new Map<string, { record: OsvRecord; source: number; time: number }>();
  sources.forEach((source, index) => {
    for (const record of source.records) {
      const time = Date.parse(record.modified);
      const current = winners.get(record.id);
      if (current === undefined || (Number.isFinite(time) && !(time <= current.time))) {
        winners.set(record.id, { record, source: index, time: Number.isFinite(time) ? time : -Infinity });
      }
    }
  });
  const index = new Map<string, OsvRecord[]>();
  const counts = sources.map(() => ({ records: 0, newest: -Infinity }));
  const sourceOfId = new Map<string, string>();
  for (const { record, source, time } of winners.values()) {
    if (record.withdrawn !== undefined) continue;
    const count = counts[source] as { records: number; newest: number };
    count.records += 1;
    if (time > count.newest) count.newest = time;
    sourceOfId.set(record.id, (sources[source] as LoadedSource).name);
    const keys = new Set((record.affected ?? []).flatMap((a) => (a.package ? [indexKey(a.package.ecosystem, a.package.name)] : [])));
    for (const key of keys) {
      const list = index.get(key);
      if (list === undefined) index.set(key, [record]);
      else list.push(record);
    }
  }
  return {
    sources: sources.map((s, i) => {
      const c = counts[i] as { records: number; newest: number };
      return { name: s.name, path: s.path, records: c.records, newest: Number.isFinite(c.newest) ? new Date(c.newest).toISOString() : '' };
    }),
    recordsFor: (ecosystem, name) => index.get(indexKey(ecosystem, name)) ?? [],
    sourceOf: (id) => sourceOfId.get(id),
    size: sourceOfId.size,
  };
}

/**
 * npm stopped accepting names with capitals in 2017 and refuses names that differ only in case
 * from an existing one, while advisories sometimes spell a name the way its README does
 * (GHSA-8hc4-vh64-cxmj says `Axios`). So npm names are folded to lower case; other ecosystems
 * are compared exactly.
 */
export function indexKey(ecosystem: string, name: string): string {
  return `${ecosystem}\u0000${ecosystem === 'npm' ? name.toLowerCase() : name}`;
}
