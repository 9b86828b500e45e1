// The npm registry's bulk advisory endpoint (what `npm audit` calls since npm 7): POST
// {registry}/-/npm/v1/security/advisories/bulk with {"name": ["1.0.0", ...]} (gzip-encoded, as
// npm sends it) answers {"name": [{id, url, title, severity, vulnerable_versions, cwe, cvss:
// {score, vectorString}}]} for the advisories that affect at least one of the versions sent.
// Each advisory becomes an OSV record: the id is the GHSA from its url when there is one
// (`NPM-<id>` otherwise), the vulnerable_versions range becomes OSV events (intervals.ts).
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { AdvisoryDataError } from '../advisories/errors.js';
import { intervalsToRange, rangeToIntervals } from '../advisories/intervals.js';
import { asObject } from '../advisories/json.js';
import { parseOsvRecord, type OsvAffected, type OsvRecord } from '../advisories/osv.js';
import { OnlineAdvisoryError } from './errors.js';
import { callJson, joinUrl, type HttpOptions } from './http.js';
import type { PackageVersion } from './osv.js';

export const NPM_REGISTRY = 'https://registry.npmjs.org';
const BULK_PATH = '/-/npm/v1/security/advisories/bulk';
const gzipAsync = promisify(gzip);

export interface NpmBulkOptions extends HttpOptions {
  /** Default https://registry.npmjs.org. */
  readonly registry?: string;
  /** Stamped as `modified` (the endpoint gives no dates). Default: now. */
  readonly now?: Date;
}

export async function queryNpmBulk(packages: readonly PackageVersion[], options: NpmBulkOptions = {}): Promise<OsvRecord[]> {
  const url = joinUrl(options.registry ?? NPM_REGISTRY, BULK_PATH);
  const versions = new Map<string, Set<string>>();
  for (const p of packages) {
    const set = versions.get(p.name) ?? new Set<string>();
    set.add(p.version);
    versions.set(p.name, set);
  }
  if (versions.size === 0) return [];
  // Object.fromEntries defines own properties, so even a hostile "__proto__" name stays data.
  const body = JSON.stringify(Object.fromEntries([...versions].map(([name, set]) => [name, [...set].sort()])));
  const answer = await callJson('POST', url, await gzipAsync(body), { ...options, headers: { 'content-encoding': 'gzip', ...options.headers } });
  const byName = asObject(answer);
  if (byName === undefined) throw new OnlineAdvisoryError('protocol', url, 'expected an object keyed by package name');
  const modified = (options.now ?? new Date()).toISOString();
  const records = new Map<string, { base: Record<string, unknown>; affected: OsvAffected[] }>();
  for (const [name, list] of Object.entries(byName)) {
    if (!versions.has(name)) continue; // only what was asked about
    if (!Array.isArray(list)) throw new OnlineAdvisoryError('protocol', url, `${JSON.stringify(name)} is not an array of advisories`);
    list.forEach((item, i) => {
      const where = `${name}[${i}]`;
      const a = asObject(item);
      if (a === undefined) throw new OnlineAdvisoryError('protocol', url, `${where} is not an object`);
      const range = a['vulnerable_versions'];
      if (typeof range !== 'string') throw new OnlineAdvisoryError('protocol', url, `${where}.vulnerable_versions is not a string`);
      const intervals = rangeToIntervals(range);
      if (intervals === undefined) throw new OnlineAdvisoryError('protocol', url, `${where}.vulnerable_versions ${JSON.stringify(range)} is not a semver range`);
      const numeric = a['id'];
      const link = typeof a['url'] === 'string' ? a['url'] : undefined;
      const ghsa = link === undefined ? undefined : /\b(GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})\b/.exec(link)?.[1];
      if (ghsa === undefined && typeof numeric !== 'number' && typeof numeric !== 'string') {
        throw new OnlineAdvisoryError('protocol', url, `${where} has neither a GHSA url nor an id`);
      }
      const id = ghsa ?? `NPM-${String(numeric)}`;
      const affected: OsvAffected = {
        package: { ecosystem: 'npm', name },
        ranges: intervals.length > 0 ? [intervalsToRange(intervals)] : [],
        database_specific: { vulnerable_versions: range },
      };
      const existing = records.get(id);
      if (existing !== undefined) {
        existing.affected.push(affected);
        return;
      }
      const cvss = asObject(a['cvss']);
      const vector = typeof cvss?.['vectorString'] === 'string' ? cvss['vectorString'] : undefined;
      const cwe = Array.isArray(a['cwe']) ? a['cwe'].filter((c): c is string => typeof c === 'string') : [];
      records.set(id, {
        base: {
          id,
          modified,
          summary: typeof a['title'] === 'string' ? a['title'] : id,
          aliases: [],
          severity: vector !== undefined ? [{ type: vector.startsWith('CVSS:4') ? 'CVSS_V4' : 'CVSS_V3', score: vector }] : [],
          references: link !== undefined ? [{ type: 'ADVISORY', url: link }] : [],
          database_specific: {
            source: 'npm-bulk-advisories',
            ...(typeof a['severity'] === 'string' ? { severity: a['severity'].toUpperCase() } : {}),
            ...(numeric !== undefined ? { npm_advisory_id: typeof numeric === 'number' ? numeric : String(numeric) } : {}),
            cwe_ids: cwe,
            ...(typeof cvss?.['score'] === 'number' ? { cvss_score: cvss['score'] } : {}),
          },
        },
        affected: [affected],
      });
    });
  }
  return [...records.values()].map(({ base, affected }) => {
    try {
      return parseOsvRecord({ ...base, affected }, url);
    } catch (error) {
      if (error instanceof AdvisoryDataError) throw new OnlineAdvisoryError('protocol', url, error.problem, { cause: error });
      throw error;
    }
  });
}
