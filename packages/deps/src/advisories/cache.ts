// The local advisory cache behind `rampart deps db import PATH`: records copied out of a directory
// or zip into `$XDG_CACHE_HOME/rampart/deps` (default ~/.cache/rampart/deps), one NDJSON file per
// imported source plus index.json listing them, so later runs find the data with no flag.
// Beside each NDJSON file, `<same>.entries.json` holds every record's id, modified time, withdrawn
// flag, index keys and byte range, so a run reads the records it needs and no others
// (openCache; format version 2). A version 1 cache (no entries files) is converted by the next
// `db import`; until then a run refuses it and says so.
// Private: the directory is 0700 and the files 0600 (what you audit is nobody else's business,
// and nobody else should be able to plant records that hide a vulnerability).
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { AdvisoryDatabase, IndexedSource } from './database.js';
import { AdvisoryDataError } from './errors.js';
import { asObject, parseJsonText } from './json.js';
import { recordKeys } from './keys.js';
import { loadSource, sourceName, type LoadedSource } from './loader.js';
import { parseOsvRecord, type OsvRecord } from './osv.js';

export const CACHE_FORMAT = 'rampart-deps-advisory-cache';
export const CACHE_VERSION = 2;
const ENTRIES_FORMAT = 'rampart-deps-advisory-cache-entries';
export const DEFAULT_MAX_DB_AGE_DAYS = 7;
const MAX_INDEX_BYTES = 4 * 1024 * 1024;

export interface CachedSource {
  readonly name: string;
  /** The path it was imported from. */
  readonly path: string;
  /** File name inside the cache directory. */
  readonly file: string;
  readonly records: number;
  readonly newest: string;
  readonly importedAt: string;
}

export interface CacheIndex {
  readonly format: typeof CACHE_FORMAT;
  readonly version: typeof CACHE_VERSION;
  readonly sources: readonly CachedSource[];
}

/** `$XDG_CACHE_HOME/rampart/deps`, or `~/.cache/rampart/deps` (XDG: a relative XDG_CACHE_HOME is ignored). */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'rampart', 'deps');
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  return join(home, '.cache', 'rampart', 'deps');
}

/** Copies the records of PATH into the cache, replacing an earlier import of the same path. */
export async function importDatabase(path: string, cacheDir: string, now: Date = new Date()): Promise<CachedSource> {
  const source = await loadSource(path);
  await writable(cacheDir, () => ensurePrivateDir(cacheDir));
  const { version, sources: previous } = await readAnyIndex(cacheDir);
  // A version 1 cache has the same NDJSON files but no entries files: write them (and the data
  // again, so the byte ranges are the ones just computed) for every import this one keeps.
  if (version === 1) {
    for (const s of previous) if (s.path !== source.path) await writeSourceFiles(cacheDir, s.file, await readRecords(join(cacheDir, s.file)));
  }
  const file = `${createHash('sha256').update(source.path).digest('hex').slice(0, 16)}.ndjson`;
  const live = source.records.filter((r) => r.withdrawn === undefined);
  const newest = live.reduce((max, r) => {
    const t = Date.parse(r.modified);
    return Number.isFinite(t) && t > max ? t : max;
  }, -Infinity);
  await writeSourceFiles(cacheDir, file, source.records);
  const entry: CachedSource = {
    name: sourceName(path),
    path: source.path,
    file,
    records: live.length,
    newest: Number.isFinite(newest) ? new Date(newest).toISOString() : '',
    importedAt: now.toISOString(),
  };
  const next: CacheIndex = {
    format: CACHE_FORMAT,
    version: CACHE_VERSION,
    sources: [...previous.filter((s) => s.path !== source.path), entry],
  };
  await writable(cacheDir, () => writePrivate(join(cacheDir, 'index.json'), `${JSON.stringify(next, null, 2)}\n`));
  return entry;
}

/** The cached sources (empty when there is no cache). Names are prefixed `cache:`. */
export async function readCache(cacheDir: string): Promise<LoadedSource[]> {
  const index = await readIndex(cacheDir);
  const out: LoadedSource[] = [];
  for (const s of index.sources) out.push({ name: `cache:${s.name}`, path: s.path, records: await readRecords(join(cacheDir, s.file)) });
  return out;
}

/**
 * The cached sources as the database opens them: only the entries files are read here; a
 * record's line is read and validated when `record(i)` asks for it.
 */
export async function openCache(cacheDir: string): Promise<IndexedSource[]> {
  const index = await readIndex(cacheDir);
  const out: IndexedSource[] = [];
  for (const s of index.sources) out.push(await openSourceFiles(cacheDir, s));
  return out;
}

async function readRecords(file: string): Promise<OsvRecord[]> {
  const records = [];
  let lineNo = 0;
  try {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo += 1;
      if (line.trim() === '') continue;
      records.push(parseOsvRecord(parseJsonText(line, `${file}:${lineNo}`), `${file}:${lineNo}`));
    }
  } catch (error) {
    if (error instanceof AdvisoryDataError) throw error;
    throw new AdvisoryDataError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); run \`rampart deps db import\` again`, { cause: error });
  }
  return records;
}

const entriesFile = (dataFile: string): string => dataFile.replace(/\.ndjson$/, '.entries.json');

/** The NDJSON data (one record a line) and its entries file: ids, times, withdrawn, keys, line offsets. */
async function writeSourceFiles(cacheDir: string, file: string, records: readonly OsvRecord[]): Promise<void> {
  const lines = records.map((r) => `${JSON.stringify(r)}\n`);
  const offsets = [0];
  for (const line of lines) offsets.push((offsets.at(-1) as number) + Buffer.byteLength(line));
  const entries = {
    format: ENTRIES_FORMAT,
    version: CACHE_VERSION,
    ids: records.map((r) => r.id),
    times: records.map((r) => {
      const t = Date.parse(r.modified);
      return Number.isFinite(t) ? t : null;
    }),
    withdrawn: records.flatMap((r, i) => (r.withdrawn !== undefined ? [i] : [])),
    keys: records.map(recordKeys),
    offsets,
  };
  await writable(cacheDir, () => writePrivate(join(cacheDir, file), lines.join('')));
  await writable(cacheDir, () => writePrivate(join(cacheDir, entriesFile(file)), JSON.stringify(entries)));
}

async function openSourceFiles(cacheDir: string, s: CachedSource): Promise<IndexedSource> {
  const file = join(cacheDir, s.file);
  const listFile = join(cacheDir, entriesFile(s.file));
  const again = 'run `rampart deps db import` again';
  let text: string;
  let size: number;
  try {
    text = await readFile(listFile, 'utf8');
    size = (await stat(file)).size;
  } catch (error) {
    throw new AdvisoryDataError((error as NodeJS.ErrnoException).path ?? listFile, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); ${again}`, { cause: error });
  }
  const o = asObject(parseJsonText(text, listFile));
  const bad = (what: string): never => {
    throw new AdvisoryDataError(listFile, `${what}; ${again}`);
  };
  if (o === undefined || o['format'] !== ENTRIES_FORMAT || o['version'] !== CACHE_VERSION) bad(`is not a version ${CACHE_VERSION} entries file`);
  const { ids, times, withdrawn, keys, offsets } = o as Record<string, unknown>;
  if (!Array.isArray(ids) || !ids.every((v) => typeof v === 'string')) return bad('ids must be strings');
  const n = ids.length;
  if (!Array.isArray(times) || times.length !== n || !times.every((v) => v === null || typeof v === 'number')) return bad('times must be one number or null per id');
  if (!Array.isArray(keys) || keys.length !== n || !keys.every((k) => Array.isArray(k) && k.every((v) => typeof v === 'string'))) return bad('keys must be one list of strings per id');
  if (!Array.isArray(withdrawn) || !withdrawn.every((v) => Number.isInteger(v) && v >= 0 && v < n)) return bad('withdrawn must be indexes of ids');
  if (!Array.isArray(offsets) || offsets.length !== n + 1 || offsets[0] !== 0 || !offsets.every((v, i) => Number.isInteger(v) && (i === 0 || v > offsets[i - 1]))) {
    return bad('offsets must rise from 0, one more than the ids');
  }
  if (offsets[n] !== size) bad(`says ${String(offsets[n])} bytes of data where ${file} has ${size}`);
  const withdrawnSet = new Set(withdrawn as number[]);
  const idList = ids as string[];
  const timeList = times as (number | null)[];
  const keyList = keys as string[][];
  const offsetList = offsets as number[];
  return {
    name: `cache:${s.name}`,
    path: s.path,
    count: n,
    id: (i) => idList[i] as string,
    time: (i) => timeList[i] ?? Number.NaN,
    withdrawn: (i) => withdrawnSet.has(i),
    keys: (i) => keyList[i] as string[],
    record: (i) => {
      const where = `${file}:${i + 1}`;
      const start = offsetList[i] as number;
      const buffer = Buffer.alloc((offsetList[i + 1] as number) - start);
      let fd: number | undefined;
      try {
        fd = openSync(file, 'r');
        let done = 0;
        while (done < buffer.length) {
          const got = readSync(fd, buffer, done, buffer.length - done, start + done);
          if (got === 0) break;
          done += got;
        }
        if (done < buffer.length) throw new AdvisoryDataError(where, `is cut short; ${again}`);
      } catch (error) {
        if (error instanceof AdvisoryDataError) throw error;
        throw new AdvisoryDataError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); ${again}`, { cause: error });
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      const record = parseOsvRecord(parseJsonText(buffer.toString('utf8'), where), where);
      if (record.id !== idList[i]) throw new AdvisoryDataError(where, `holds ${record.id} where its entries file says ${String(idList[i])}; ${again}`);
      return record;
    },
  };
}

/** The index, refusing a version 1 cache (which `db import` converts). */
export async function readIndex(cacheDir: string): Promise<CacheIndex> {
  const file = join(cacheDir, 'index.json');
  const index = await readAnyIndex(cacheDir);
  if (index.version === 1) {
    throw new AdvisoryDataError(
      file,
      `is a version 1 rampart deps cache, which this version no longer reads: run \`rampart deps db import PATH\` (any one of ${index.sources.map((s) => JSON.stringify(s.path)).join(', ') || 'your sources'}) to convert it`,
    );
  }
  return { format: CACHE_FORMAT, version: CACHE_VERSION, sources: index.sources };
}

async function readAnyIndex(cacheDir: string): Promise<{ version: 1 | typeof CACHE_VERSION; sources: CachedSource[] }> {
  const file = join(cacheDir, 'index.json');
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_INDEX_BYTES) throw new AdvisoryDataError(file, `is ${info.size} bytes, more than the ${MAX_INDEX_BYTES} allowed`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: CACHE_VERSION, sources: [] };
    if (error instanceof AdvisoryDataError) throw error;
    throw new AdvisoryDataError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  const o = asObject(parseJsonText(text, file));
  const version = o?.['version'];
  if (o === undefined || o['format'] !== CACHE_FORMAT || (version !== CACHE_VERSION && version !== 1) || !Array.isArray(o['sources'])) {
    throw new AdvisoryDataError(file, `is not a version ${CACHE_VERSION} rampart deps cache index`);
  }
  const sources = o['sources'].map((s, i): CachedSource => {
    const e = asObject(s);
    const str = (k: string): string => {
      const v = e?.[k];
      if (typeof v !== 'string') throw new AdvisoryDataError(file, `sources[${i}].${k} must be a string`);
      return v;
    };
    const fileName = str('file');
    // The index names files inside the cache only: no `../`, no absolute paths.
    if (!/^[0-9a-f]{16}\.ndjson$/.test(fileName)) throw new AdvisoryDataError(file, `sources[${i}].file ${JSON.stringify(fileName)} is not a cache file name`);
    const records = e?.['records'];
    if (typeof records !== 'number') throw new AdvisoryDataError(file, `sources[${i}].records must be a number`);
    return { name: str('name'), path: str('path'), file: fileName, records, newest: str('newest'), importedAt: str('importedAt') };
  });
  return { version, sources };
}

export interface DatabaseAge {
  /** The newest `modified` over all sources, or undefined for an empty database. */
  readonly newest?: string;
  /** Whole and fractional days from `newest` to `now` (undefined for an empty database). */
  readonly ageDays?: number;
  readonly sources: readonly { readonly name: string; readonly newest: string; readonly ageDays?: number }[];
}

/** How old the data is: the CLI warns when ageDays > --max-db-age (DEFAULT_MAX_DB_AGE_DAYS). */
export function databaseAge(db: Pick<AdvisoryDatabase, 'sources'>, now: Date = new Date()): DatabaseAge {
  const days = (iso: string): number | undefined => {
    const t = Date.parse(iso);
    return Number.isFinite(t) ? (now.getTime() - t) / 86_400_000 : undefined;
  };
  const sources = db.sources.map((s) => {
    const ageDays = days(s.newest);
    return { name: s.name, newest: s.newest, ...(ageDays !== undefined ? { ageDays } : {}) };
  });
  const newest = db.sources.map((s) => s.newest).filter((n) => Number.isFinite(Date.parse(n))).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  if (newest === undefined) return { sources };
  return { newest, ageDays: days(newest) as number, sources };
}

export function isDatabaseStale(age: DatabaseAge, maxDays: number = DEFAULT_MAX_DB_AGE_DAYS): boolean {
  return age.ageDays === undefined || age.ageDays > maxDays;
}

async function writable(cacheDir: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    throw new AdvisoryDataError(cacheDir, `cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}

async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory's mode alone; this one is ours, so tighten it.
  await chmod(dir, 0o700);
}

/** Write-then-rename, so a crash mid-import never leaves a half-written index or data file. */
async function writePrivate(file: string, content: string): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
    await chmod(tmp, 0o600);
    await rename(tmp, resolve(file));
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
