// The OSV schema (https://ossf.github.io/osv-schema/) as types, and a validating reader. Every
// advisory source (OSV JSON, the Node.js Security WG files, the online clients) ends up as an
// OsvRecord, so the matcher has one input shape.
import { AdvisoryDataError } from './errors.js';
import { freeFormJson, type JsonObject } from './json.js';

export type OsvRangeType = 'SEMVER' | 'ECOSYSTEM' | 'GIT';
export const OSV_RANGE_TYPES: readonly OsvRangeType[] = ['SEMVER', 'ECOSYSTEM', 'GIT'];

/** Exactly one key per event, as the schema's oneOf says. */
export type OsvEvent =
  | { readonly introduced: string }
  | { readonly fixed: string }
  | { readonly last_affected: string }
  | { readonly limit: string };
export type OsvEventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';
const EVENT_KINDS: readonly OsvEventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];

export interface OsvRange {
  readonly type: OsvRangeType;
  readonly repo?: string;
  readonly events: readonly OsvEvent[];
  readonly database_specific?: JsonObject;
}

export interface OsvPackage {
  readonly ecosystem: string;
  readonly name: string;
  readonly purl?: string;
}

/** `type` is CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu, ...; `score` is the vector string for CVSS types. */
export interface OsvSeverity {
  readonly type: string;
  readonly score: string;
}

export interface OsvAffected {
  readonly package?: OsvPackage;
  readonly severity?: readonly OsvSeverity[];
  readonly ranges?: readonly OsvRange[];
  readonly versions?: readonly string[];
  readonly ecosystem_specific?: JsonObject;
  readonly database_specific?: JsonObject;
}

export interface OsvReference {
  readonly type: string;
  readonly url: string;
}

export interface OsvCredit {
  readonly name: string;
  readonly contact?: readonly string[];
  readonly type?: string;
}

export interface OsvRecord {
  readonly schema_version?: string;
  readonly id: string;
  readonly modified: string;
  readonly published?: string;
  readonly withdrawn?: string;
  readonly aliases?: readonly string[];
  readonly related?: readonly string[];
  readonly upstream?: readonly string[];
  readonly summary?: string;
  readonly details?: string;
  readonly severity?: readonly OsvSeverity[];
  readonly affected?: readonly OsvAffected[];
  readonly references?: readonly OsvReference[];
  readonly credits?: readonly OsvCredit[];
  /** Free-form; `severity` (LOW/MODERATE/HIGH/CRITICAL) is the GitHub rating the matcher falls back on. */
  readonly database_specific?: JsonObject;
}

/** Longest id we accept: real ones are < 40 characters; a megabyte "id" is hostile input. */
const MAX_ID_LENGTH = 256;
const MAX_TEXT_LENGTH = 1_000_000;

/**
 * Validates an already-parsed JSON value as an OSV record and returns a fresh, typed copy (never
 * the input object: free-form parts are deep-copied without `__proto__`/`constructor` keys).
 * Throws AdvisoryDataError naming `file` and the JSON path of the first problem.
 */
export function parseOsvRecord(json: unknown, file: string): OsvRecord {
  const r = new Reader(file);
  const o = r.object(json, '');
  const id = r.string(o['id'], 'id');
  if (id.length === 0 || id.length > MAX_ID_LENGTH) r.fail('id', `must be 1..${MAX_ID_LENGTH} characters`);
  const modified = r.date(o['modified'], 'modified');
  const record: Record<string, unknown> = { id, modified };
  r.optional(o, 'schema_version', (v, p) => r.string(v, p), record);
  r.optional(o, 'published', (v, p) => r.date(v, p), record);
  r.optional(o, 'withdrawn', (v, p) => r.date(v, p), record);
  r.optional(o, 'summary', (v, p) => r.text(v, p), record);
  r.optional(o, 'details', (v, p) => r.text(v, p), record);
  for (const key of ['aliases', 'related', 'upstream'] as const) {
    r.optional(o, key, (v, p) => r.array(v, p, (x, q) => r.string(x, q)), record);
  }
  r.optional(o, 'severity', (v, p) => r.array(v, p, (x, q) => r.severity(x, q)), record);
  r.optional(o, 'affected', (v, p) => r.array(v, p, (x, q) => r.affected(x, q)), record);
  r.optional(o, 'references', (v, p) => r.array(v, p, (x, q) => r.reference(x, q)), record);
  r.optional(o, 'credits', (v, p) => r.array(v, p, (x, q) => r.credit(x, q)), record);
  r.optional(o, 'database_specific', (v, p) => r.freeForm(v, p), record);
  return record as unknown as OsvRecord;
}

class Reader {
  constructor(private readonly file: string) {}

  fail(path: string, problem: string): never {
    throw new AdvisoryDataError(this.file, `${path === '' ? 'the record' : path} ${problem}`);
  }

  object(v: unknown, path: string): Readonly<Record<string, unknown>> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be an object');
    return v as Record<string, unknown>;
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, `must be a string, not ${describe(v)}`);
    if (v.length > MAX_TEXT_LENGTH) this.fail(path, 'is too long');
    return v;
  }

  text(v: unknown, path: string): string {
    return this.string(v, path);
  }

  date(v: unknown, path: string): string {
    const s = this.string(v, path);
    if (Number.isNaN(Date.parse(s))) this.fail(path, `must be an RFC 3339 date, not ${JSON.stringify(s.slice(0, 40))}`);
    return s;
  }

  array<T>(v: unknown, path: string, item: (x: unknown, path: string) => T): T[] {
    if (!Array.isArray(v)) this.fail(path, `must be an array, not ${describe(v)}`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  }

  /** Copies `o[key]` into `into[key]` through `read` when it is present and not null. */
  optional(
    o: Readonly<Record<string, unknown>>,
    key: string,
    read: (v: unknown, path: string) => unknown,
    into: Record<string, unknown>,
    prefix = '',
  ): void {
    if (!Object.hasOwn(o, key) || o[key] === null || o[key] === undefined) return;
    into[key] = read(o[key], prefix === '' ? key : `${prefix}.${key}`);
  }

  freeForm(v: unknown, path: string): JsonObject {
    this.object(v, path);
    return freeFormJson(v, () => this.fail(path, 'is nested too deeply')) as JsonObject;
  }

  severity(v: unknown, path: string): OsvSeverity {
    const o = this.object(v, path);
    return { type: this.string(o['type'], `${path}.type`), score: this.string(o['score'], `${path}.score`) };
  }

  reference(v: unknown, path: string): OsvReference {
    const o = this.object(v, path);
    return { type: this.string(o['type'], `${path}.type`), url: this.string(o['url'], `${path}.url`) };
  }

  credit(v: unknown, path: string): OsvCredit {
    const o = this.object(v, path);
    const out: Record<string, unknown> = { name: this.string(o['name'], `${path}.name`) };
    this.optional(o, 'contact', (x, p) => this.array(x, p, (y, q) => this.string(y, q)), out, path);
    this.optional(o, 'type', (x, p) => this.string(x, p), out, path);
    return out as unknown as OsvCredit;
  }

  affected(v: unknown, path: string): OsvAffected {
    const o = this.object(v, path);
    const out: Record<string, unknown> = {};
    this.optional(o, 'package', (x, p) => this.package(x, p), out, path);
    this.optional(o, 'severity', (x, p) => this.array(x, p, (y, q) => this.severity(y, q)), out, path);
    this.optional(o, 'ranges', (x, p) => this.array(x, p, (y, q) => this.range(y, q)), out, path);
    this.optional(o, 'versions', (x, p) => this.array(x, p, (y, q) => this.string(y, q)), out, path);
    this.optional(o, 'ecosystem_specific', (x, p) => this.freeForm(x, p), out, path);
    this.optional(o, 'database_specific', (x, p) => this.freeForm(x, p), out, path);
    return out as OsvAffected;
  }

  package(v: unknown, path: string): OsvPackage {
    const o = this.object(v, path);
    const out: Record<string, unknown> = {
      ecosystem: this.string(o['ecosystem'], `${path}.ecosystem`),
      name: this.string(o['name'], `${path}.name`),
    };
    this.optional(o, 'purl', (x, p) => this.string(x, p), out, path);
    return out as unknown as OsvPackage;
  }

  range(v: unknown, path: string): OsvRange {
    const o = this.object(v, path);
    const type = this.string(o['type'], `${path}.type`);
    if (!(OSV_RANGE_TYPES as readonly string[]).includes(type)) {
      this.fail(`${path}.type`, `must be one of ${OSV_RANGE_TYPES.join(', ')}, not ${JSON.stringify(type.slice(0, 40))}`);
    }
    const out: Record<string, unknown> = {
      type,
      events: this.array(o['events'], `${path}.events`, (x, q) => this.event(x, q)),
    };
    this.optional(o, 'repo', (x, p) => this.string(x, p), out, path);
    this.optional(o, 'database_specific', (x, p) => this.freeForm(x, p), out, path);
    return out as unknown as OsvRange;
  }

  event(v: unknown, path: string): OsvEvent {
    const o = this.object(v, path);
    const keys = Object.keys(o);
    const kind = keys[0];
    if (keys.length !== 1 || kind === undefined || !(EVENT_KINDS as readonly string[]).includes(kind)) {
      this.fail(path, `must have exactly one of ${EVENT_KINDS.join(', ')}, not ${JSON.stringify(keys.slice(0, 5))}`);
    }
    const value = this.string(o[kind], `${path}.${kind}`);
    return { [kind]: value } as unknown as OsvEvent;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** The event's kind and version. */
export function eventParts(e: OsvEvent): { kind: OsvEventKind; version: string } {
  if ('introduced' in e) return { kind: 'introduced', version: e.introduced };
  if ('fixed' in e) return { kind: 'fixed', version: e.fixed };
  if ('last_affected' in e) return { kind: 'last_affected', version: e.last_affected };
  return { kind: 'limit', version: e.limit };
}
