// OSV.dev's API (https://google.github.io/osv.dev/api/): POST {base}/v1/querybatch with up to
// 1000 {package:{name, ecosystem}, version} queries answers, in query order, {vulns:[{id, modified}]}
// per query, with `next_page_token` on a query that has more; that query is asked again with
// `page_token`. Full records then come from GET {base}/v1/vulns/{id}, each id once, a few at a time.
import type { OsvRecord } from '../advisories/osv.js';
import { parseOsvRecord } from '../advisories/osv.js';
import { AdvisoryDataError } from '../advisories/errors.js';
import { asObject } from '../advisories/json.js';
import { OnlineAdvisoryError } from './errors.js';
import { callJson, joinUrl, mapLimit, type HttpOptions } from './http.js';

export const OSV_API = 'https://api.osv.dev';
export const OSV_MAX_BATCH = 1000;

export interface OsvClientOptions extends HttpOptions {
  /** Default https://api.osv.dev. */
  readonly baseUrl?: string;
  /** Queries per querybatch call, at most 1000 (the API's limit). */
  readonly batchSize?: number;
  /** Parallel GET /v1/vulns/{id} calls (default 8). */
  readonly concurrency?: number;
  /** Pages followed per query before giving up with an error (default 100). */
  readonly maxPages?: number;
}

export interface PackageVersion {
  readonly name: string;
  readonly version: string;
}

interface Query {
  readonly package: { readonly name: string; readonly ecosystem: 'npm' };
  readonly version: string;
  readonly page_token?: string;
}

/** The OSV ids affecting each distinct name@version (keyed `name@version`). */
export async function queryOsvIds(packages: readonly PackageVersion[], options: OsvClientOptions = {}): Promise<Map<string, Set<string>>> {
  const base = options.baseUrl ?? OSV_API;
  const url = joinUrl(base, '/v1/querybatch');
  const batchSize = Math.min(OSV_MAX_BATCH, Math.max(1, options.batchSize ?? OSV_MAX_BATCH));
  const maxPages = options.maxPages ?? 100;
  const ids = new Map<string, Set<string>>();
  let pending: Query[] = [];
  for (const p of packages) {
    const key = `${p.name}@${p.version}`;
    if (ids.has(key)) continue;
    ids.set(key, new Set());
    pending.push({ package: { name: p.name, ecosystem: 'npm' }, version: p.version });
  }
  for (let page = 0; pending.length > 0; page += 1) {
    if (page >= maxPages) throw new OnlineAdvisoryError('protocol', url, `still paginating after ${maxPages} pages`);
    const next: Query[] = [];
    for (let i = 0; i < pending.length; i += batchSize) {
      const queries = pending.slice(i, i + batchSize);
      const answer = await callJson('POST', url, JSON.stringify({ queries }), options);
      const results = asObject(answer)?.['results'];
      if (!Array.isArray(results) || results.length !== queries.length) {
        throw new OnlineAdvisoryError('protocol', url, `expected {results: [...]} with ${queries.length} entries`);
      }
      results.forEach((result, j) => {
        const query = queries[j] as Query;
        const o = asObject(result);
        if (o === undefined) throw new OnlineAdvisoryError('protocol', url, `results[${j}] is not an object`);
        const vulns = o['vulns'] ?? [];
        if (!Array.isArray(vulns)) throw new OnlineAdvisoryError('protocol', url, `results[${j}].vulns is not an array`);
        const set = ids.get(`${query.package.name}@${query.version}`) as Set<string>;
        for (const v of vulns) {
          const id = asObject(v)?.['id'];
          if (typeof id !== 'string' || id.length === 0 || id.length > 256) throw new OnlineAdvisoryError('protocol', url, `results[${j}].vulns has an entry without an id`);
          set.add(id);
        }
        const token = o['next_page_token'];
        if (typeof token === 'string' && token !== '') next.push({ package: query.package, version: query.version, page_token: token });
      });
    }
    pending = next;
  }
  return ids;
}

/** Full records for the given ids (each fetched once). */
export async function fetchOsvRecords(ids: Iterable<string>, options: OsvClientOptions = {}): Promise<OsvRecord[]> {
  const base = options.baseUrl ?? OSV_API;
  const unique = [...new Set(ids)];
  return mapLimit(unique, options.concurrency ?? 8, async (id) => {
    const url = joinUrl(base, `/v1/vulns/${encodeURIComponent(id)}`);
    const json = await callJson('GET', url, undefined, options);
    let record: OsvRecord;
    try {
      record = parseOsvRecord(json, url);
    } catch (error) {
      if (error instanceof AdvisoryDataError) throw new OnlineAdvisoryError('protocol', url, error.problem, { cause: error });
      throw error;
    }
    if (record.id !== id) throw new OnlineAdvisoryError('protocol', url, `answered with record ${record.id}, not ${id}`);
    return record;
  });
}

/** querybatch, then the full records of every id it named. */
export async function queryOsv(packages: readonly PackageVersion[], options: OsvClientOptions = {}): Promise<OsvRecord[]> {
  const ids = await queryOsvIds(packages, options);
  return fetchOsvRecords([...ids.values()].flatMap((s) => [...s]), options);
}
