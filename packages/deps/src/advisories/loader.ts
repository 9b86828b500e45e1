// Loads one advisory source: a directory (walked recursively; OSV JSON files and Node.js Security
// WG files recognised by their shape), a .zip of OSV JSON, or a single .json file. Other JSON in a
// directory (package.json, a README's data) is skipped; a file that is recognised but malformed,
// or that is not JSON at all, is an AdvisoryDataError naming it.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { AdvisoryDataError } from './errors.js';
import { asObject, readJsonFile } from './json.js';
import { isNswgCoreRecord, isNswgNpmRecord, nswgCoreToOsv, nswgNpmToOsv } from './nswg.js';
import { parseOsvRecord, type OsvRecord } from './osv.js';
import { readZipJson } from './zip.js';

export interface LoadedSource {
  readonly name: string;
  readonly path: string;
  readonly records: OsvRecord[];
}

const READ_CONCURRENCY = 16;

export async function loadSource(path: string, name = sourceName(path)): Promise<LoadedSource> {
  const full = resolve(path);
  let info;
  try {
    info = await stat(full);
  } catch (error) {
    throw new AdvisoryDataError(path, `cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  const records: OsvRecord[] = [];
  if (info.isDirectory()) {
    await loadDirectory(full, records);
  } else if (extname(full).toLowerCase() === '.zip') {
    await readZipJson(full, (json, entry) => {
      const record = recordFromJson(json, `${full}!${entry}`, basename(entry, '.json'));
      if (record !== undefined) records.push(record);
    });
  } else if (extname(full).toLowerCase() === '.json') {
    const record = recordFromJson(await readJsonFile(full), full, basename(full, '.json'));
    if (record === undefined) throw new AdvisoryDataError(full, 'is neither an OSV record nor a Node.js Security WG record');
    records.push(record);
  } else {
    throw new AdvisoryDataError(full, 'is not an advisory database (expected a directory, a .zip or a .json file)');
  }
  return { name, path: full, records };
}

/** `ghsa` for `.../ghsa/`, `all` for `.../npm/all.zip`. */
export function sourceName(path: string): string {
  return basename(resolve(path)).replace(/\.(zip|json)$/i, '') || path;
}

/** An OSV or WG record, or undefined when the JSON is neither (not advisory data). */
export function recordFromJson(json: unknown, file: string, stem: string): OsvRecord | undefined {
  if (isNswgNpmRecord(json)) return nswgNpmToOsv(json, file, stem);
  if (isNswgCoreRecord(json)) return nswgCoreToOsv(json, file, stem);
  if (looksLikeOsv(json)) return parseOsvRecord(json, file);
  return undefined;
}

function looksLikeOsv(json: unknown): boolean {
  const o = asObject(json);
  return o !== undefined && 'id' in o && ('modified' in o || 'affected' in o || 'schema_version' in o);
}

async function loadDirectory(root: string, into: OsvRecord[]): Promise<void> {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw new AdvisoryDataError(dir, `cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Symlinks are not followed: a loop or a link out of the database is not data.
    const files = entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json')).map((e) => e.name);
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) pending.push(join(dir, e.name));
    // The WG folders hold index.json (all records keyed by id) beside the per-id files: the same
    // data twice. Read the index only when there are no per-id files.
    const hasIdFiles = files.some((f) => /^\d+\.json$/.test(f));
    const toRead = files.filter((f) => !(f === 'index.json' && hasIdFiles));
    for (let i = 0; i < toRead.length; i += READ_CONCURRENCY) {
      const batch = toRead.slice(i, i + READ_CONCURRENCY);
      const parsed = await Promise.all(batch.map(async (f) => ({ f, json: await readJsonFile(join(dir, f)) })));
      for (const { f, json } of parsed) {
        const file = join(dir, f);
        if (f === 'index.json' && isWgIndex(json)) {
          for (const [id, value] of Object.entries(json as Record<string, unknown>)) {
            const record = recordFromJson(value, `${file}#${id}`, id);
            if (record !== undefined) into.push(record);
          }
          continue;
        }
        const record = recordFromJson(json, file, basename(f, '.json'));
        if (record !== undefined) into.push(record);
      }
    }
  }
}

function isWgIndex(json: unknown): boolean {
  const o = asObject(json);
  if (o === undefined) return false;
  const entries = Object.entries(o);
  return entries.length > 0 && entries.every(([k, v]) => /^\d+$/.test(k) && (isNswgNpmRecord(v) || isNswgCoreRecord(v)));
}
