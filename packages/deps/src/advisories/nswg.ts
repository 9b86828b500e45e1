// The Node.js Security WG's vulnerability files (github.com/nodejs/security-wg, vuln/npm and
// vuln/core) as OSV records. npm records become `NSWG-ECO-<id>` on ecosystem npm, core records
// `NSWG-COR-<id>` on the Node.js runtime (NODE_CORE_ECOSYSTEM / NODE_CORE_PACKAGE); CVEs become
// aliases. The node-semver ranges are translated into OSV events exactly (see intervals.ts), so
// the matcher treats them like any other record; the original ranges stay in database_specific.
import { AdvisoryDataError } from './errors.js';
import { intervalsToRange, rangeToIntervals, subtract, type Interval } from './intervals.js';
import { asObject } from './json.js';
import { parseOsvRecord, type OsvRecord } from './osv.js';

/** OSV has no ecosystem for the runtime itself; records about Node.js core use this one. */
export const NODE_CORE_ECOSYSTEM = 'Node.js';
export const NODE_CORE_PACKAGE = 'node';
export const NSWG_SOURCE = 'nodejs-security-wg';
const WG_BLOB = 'https://github.com/nodejs/security-wg/blob/main/vuln';
const EPOCH = '1970-01-01T00:00:00Z';

export function isNswgNpmRecord(json: unknown): boolean {
  const o = asObject(json);
  return o !== undefined && typeof o['module_name'] === 'string' && 'vulnerable_versions' in o;
}

export function isNswgCoreRecord(json: unknown): boolean {
  const o = asObject(json);
  return o !== undefined && 'vulnerable' in o && 'patched' in o && !('module_name' in o) && !('id' in o && 'affected' in o);
}

/** `vuln/npm/<id>.json`. `fileId` is the number in the file name (used when the record has no id). */
export function nswgNpmToOsv(json: unknown, file: string, fileId?: string): OsvRecord {
  const o = requireObject(json, file);
  const id = wgId(o['id'] ?? fileId, file);
  const name = requireString(o, 'module_name', file);
  if (name.length === 0) throw new AdvisoryDataError(file, 'module_name must not be empty');
  const vulnerable = requireString(o, 'vulnerable_versions', file);
  const patched = optionalString(o, 'patched_versions', file);
  const intervals = parseRange(vulnerable, 'vulnerable_versions', file);
  const vector = optionalString(o, 'cvss_vector', file);
  const score = typeof o['cvss_score'] === 'number' && o['cvss_score'] >= 0 ? o['cvss_score'] : undefined;
  const published = dateOrUndefined(o['publish_date']);
  const record = {
    schema_version: '1.6.0',
    id: `NSWG-ECO-${id}`,
    modified: dateOrUndefined(o['updated_at']) ?? dateOrUndefined(o['created_at']) ?? published ?? EPOCH,
    ...(published !== undefined ? { published } : {}),
    aliases: stringList(o['cves'], 'cves', file),
    summary: optionalString(o, 'title', file) ?? `${name} ${vulnerable}`,
    details: [optionalString(o, 'overview', file), optionalString(o, 'recommendation', file)].filter(Boolean).join('\n\n'),
    severity: vector !== undefined ? [{ type: 'CVSS_V3', score: normalizeVector(vector) }] : [],
    affected: [
      {
        package: { ecosystem: 'npm', name, purl: `pkg:npm/${name.replace('@', '%40')}` },
        ranges: intervals.length > 0 ? [intervalsToRange(intervals)] : [],
        database_specific: { vulnerable_versions: vulnerable, patched_versions: patched ?? null },
      },
    ],
    references: [
      { type: 'ADVISORY', url: `${WG_BLOB}/npm/${id}.json` },
      ...stringList(o['references'], 'references', file).map((url) => ({ type: 'WEB', url })),
    ],
    database_specific: {
      source: NSWG_SOURCE,
      ...(score !== undefined ? { cvss_score: score } : {}),
      // Without a vector the score is all there is; keep it as the record's own rating.
      ...(vector === undefined && score !== undefined ? { severity: bandName(score) } : {}),
    },
  };
  return parseOsvRecord(record, file);
}

/** `vuln/core/<id>.json`: affected = `vulnerable` minus `patched`, both ranges of Node.js versions. */
export function nswgCoreToOsv(json: unknown, file: string, fileId: string): OsvRecord {
  const o = requireObject(json, file);
  const id = wgId(fileId, file);
  const vulnerable = requireString(o, 'vulnerable', file);
  const patched = optionalString(o, 'patched', file);
  let intervals = parseRange(vulnerable, 'vulnerable', file);
  if (patched !== undefined && patched.trim() !== '') intervals = subtract(intervals, parseRange(patched, 'patched', file));
  const overview = optionalString(o, 'overview', file);
  const description = optionalString(o, 'description', file);
  const ref = optionalString(o, 'ref', file);
  const cvss = optionalString(o, 'cvss', file);
  const rating = optionalString(o, 'severity', file);
  const environments = stringList(o['affectedEnvironments'], 'affectedEnvironments', file);
  const published = dateOrUndefined(o['publish_date']);
  const record = {
    schema_version: '1.6.0',
    id: `NSWG-COR-${id}`,
    modified: published ?? dateFromReleasePost(ref) ?? EPOCH,
    ...(published !== undefined ? { published } : {}),
    aliases: stringList(o['cve'], 'cve', file),
    summary: description ?? firstLine(overview) ?? `Node.js ${vulnerable}`,
    ...(overview !== undefined ? { details: overview } : {}),
    severity: cvss !== undefined ? [{ type: 'CVSS_V3', score: normalizeVector(cvss) }] : [],
    affected: [
      {
        package: { ecosystem: NODE_CORE_ECOSYSTEM, name: NODE_CORE_PACKAGE },
        ranges: intervals.length > 0 ? [intervalsToRange(intervals)] : [],
        ecosystem_specific: { affected_environments: environments.length > 0 ? environments : ['all'] },
        database_specific: { vulnerable, patched: patched ?? null },
      },
    ],
    references: [
      { type: 'ADVISORY', url: `${WG_BLOB}/core/${id}.json` },
      ...(ref !== undefined && /^https?:\/\//.test(ref) ? [{ type: 'ADVISORY', url: ref }] : []),
    ],
    database_specific: {
      source: NSWG_SOURCE,
      ...(rating !== undefined && rating !== 'unknown' ? { severity: rating === 'medium' ? 'MODERATE' : rating.toUpperCase() } : {}),
    },
  };
  return parseOsvRecord(record, file);
}

function parseRange(range: string, field: string, file: string): Interval[] {
  const intervals = rangeToIntervals(range);
  if (intervals === undefined) throw new AdvisoryDataError(file, `${field} ${JSON.stringify(range)} is not a node-semver range`);
  return intervals;
}

/** The WG writes `3.0/AV:N/...` in two core records; OSV wants the `CVSS:3.0/` prefix. */
function normalizeVector(v: string): string {
  return /^3\.[01]\//.test(v) ? `CVSS:${v}` : v;
}

function bandName(score: number): string {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MODERATE';
  return 'LOW';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Most core records carry no date; the security-release post they cite is named by month and year. */
function dateFromReleasePost(ref: string | undefined): string | undefined {
  const m = ref === undefined ? null : /\/vulnerability\/([a-z]+)-(\d{4})-/.exec(ref);
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
  const month = MONTHS.indexOf(m[1].slice(0, 3));
  return month < 0 ? undefined : `${m[2]}-${String(month + 1).padStart(2, '0')}-01T00:00:00Z`;
}

function dateOrUndefined(v: unknown): string | undefined {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v) || v.startsWith('1970-01-01')) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? undefined : line.trim().slice(0, 200);
}

function wgId(v: unknown, file: string): string {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string' || !/^\d{1,9}$/.test(s)) throw new AdvisoryDataError(file, `has no numeric WG id (got ${JSON.stringify(v)})`);
  return String(Number(s));
}

function requireObject(json: unknown, file: string): Readonly<Record<string, unknown>> {
  const o = asObject(json);
  if (o === undefined) throw new AdvisoryDataError(file, 'must be a JSON object');
  return o;
}

function requireString(o: Readonly<Record<string, unknown>>, key: string, file: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new AdvisoryDataError(file, `${key} must be a string`);
  return v;
}

function optionalString(o: Readonly<Record<string, unknown>>, key: string, file: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AdvisoryDataError(file, `${key} must be a string or null`);
  return v;
}

function stringList(v: unknown, key: string, file: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new AdvisoryDataError(file, `${key} must be an array of strings`);
  return v as string[];
}
