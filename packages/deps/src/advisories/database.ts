// The advisory database: records from the shipped data, the local cache, the paths given on the
// command line and in-memory records (online clients), deduplicated by id (the newest `modified`
// wins, so a newer copy that withdraws a record withdraws it), withdrawn records dropped, and
// indexed by (ecosystem, package name) so lookups cost O(1) per installed package.
// Cached sources are lazy: deduplication, withdrawal, counts and the index come from the cache's
// per-record index (id, modified, withdrawn, keys), and a record is read and validated only when
// a lookup needs it, so a run parses the records of the packages it installs, not all of them.
import { openCache, defaultCacheDir } from './cache.js';
import { indexKey, recordKeys } from './keys.js';
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
  const sources: (LoadedSource | IndexedSource)[] = [];
  for (const path of options.paths) sources.push(await loadSource(path));
  for (const extra of options.records ?? []) sources.push({ name: extra.name, path: extra.name, records: [...extra.records] });
  if (options.useCache !== false) {
    sources.push(...(await openCache(options.cacheDir ?? defaultCacheDir(options.env ?? process.env))));
  }
  if (options.useShipped !== false) {
    for (const s of SHIPPED_SOURCES) sources.push(await loadSource(s.path, s.name));
  }
  return buildDatabase(sources);
}

export function databaseFromRecords(records: readonly OsvRecord[], sourceName: string): AdvisoryDatabase {
  return buildDatabase([{ name: sourceName, path: sourceName, records: [...records] }]);
}

/**
 * A source whose records are read on demand. Entry i is record i of the source: its id, the
 * Date.parse of its `modified` (NaN when that is not a date), whether it is withdrawn, its index
 * keys (recordKeys), and `record(i)`, which reads and validates it.
 */
export interface IndexedSource {
  readonly name: string;
  readonly path: string;
  readonly count: number;
  id(i: number): string;
  time(i: number): number;
  withdrawn(i: number): boolean;
  keys(i: number): readonly string[];
  record(i: number): OsvRecord;
}

function indexed(source: LoadedSource | IndexedSource): IndexedSource {
  if ('count' in source) return source;
  const { records } = source;
  const at = (i: number): OsvRecord => records[i] as OsvRecord;
  return {
    name: source.name,
    path: source.path,
    count: records.length,
    id: (i) => at(i).id,
    time: (i) => Date.parse(at(i).modified),
    withdrawn: (i) => at(i).withdrawn !== undefined,
    keys: (i) => recordKeys(at(i)),
    record: at,
  };
}

interface Winner {
  readonly source: number;
  readonly i: number;
  readonly time: number;
  record?: OsvRecord;
}

export function buildDatabase(input: readonly (LoadedSource | IndexedSource)[]): AdvisoryDatabase {
  const sources = input.map(indexed);
  const winners = new Map<string, Winner>();
  sources.forEach((source, index) => {
    for (let i = 0; i < source.count; i++) {
      const id = source.id(i);
      const time = source.time(i);
      const current = winners.get(id);
      if (current === undefined || (Number.isFinite(time) && !(time <= current.time))) {
        winners.set(id, { source: index, i, time: Number.isFinite(time) ? time : -Infinity });
      }
    }
  });
  const index = new Map<string, Winner[]>();
  const counts = sources.map(() => ({ records: 0, newest: -Infinity }));
  const sourceOfId = new Map<string, string>();
  for (const [id, winner] of winners) {
    const source = sources[winner.source] as IndexedSource;
    if (source.withdrawn(winner.i)) continue;
    const count = counts[winner.source] as { records: number; newest: number };
    count.records += 1;
    if (winner.time > count.newest) count.newest = winner.time;
    sourceOfId.set(id, source.name);
    for (const key of source.keys(winner.i)) {
      const list = index.get(key);
      if (list === undefined) index.set(key, [winner]);
      else list.push(winner);
    }
  }
  const served = new Map<string, readonly OsvRecord[]>();
  const recordsFor = (key: string): readonly OsvRecord[] => {
    let records = served.get(key);
    if (records === undefined) {
      records = (index.get(key) ?? []).map((w) => (w.record ??= (sources[w.source] as IndexedSource).record(w.i)));
      served.set(key, records);
    }
    return records;
  };
  return {
    sources: sources.map((s, i) => {
      const c = counts[i] as { records: number; newest: number };
      return { name: s.name, path: s.path, records: c.records, newest: Number.isFinite(c.newest) ? new Date(c.newest).toISOString() : '' };
    }),
    recordsFor: (ecosystem, name) => recordsFor(indexKey(ecosystem, name)),
    sourceOf: (id) => sourceOfId.get(id),
    size: sourceOfId.size,
  };
}

export { indexKey } from './keys.js';
