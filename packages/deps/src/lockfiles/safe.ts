// Reading untrusted parsed JSON/YAML without trusting its shape: lockfiles are input, so a key like
// `__proto__` or `constructor` is a package name, not an object property, and a wrong type is an
// error with the file's name rather than a TypeError deep inside a parser.
import { LockfileError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own enumerable entries only: never the prototype chain. */
export function entries(value: unknown): [string, unknown][] {
  return isObject(value) ? Object.entries(value) : [];
}

/** An own property, never an inherited one (`obj['constructor']` would be Object). */
export function own(value: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

export function str(value: JsonObject, key: string): string | undefined {
  const v = own(value, key);
  return typeof v === 'string' ? v : undefined;
}

/** A true flag: JSON `true`, or `'true'` from YAML read with the failsafe schema. */
export function bool(value: JsonObject, key: string): boolean {
  const v = own(value, key);
  return v === true || v === 'true';
}

/** A null-prototype record, so that any string (`__proto__` included) is a plain key. */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Shared by every absent field: frozen, so that no caller can fill it for all. */
const EMPTY: Record<string, string> = Object.freeze(record<string>());

/** name -> string map of a dependencies-like field (frozen and shared when absent); non-string values are a malformed file. */
export function stringMap(value: JsonObject, key: string, file: string, where: string): Record<string, string> {
  const field = own(value, key);
  if (field === undefined || field === null) return EMPTY;
  const out = record<string>();
  if (!isObject(field)) throw new LockfileError('malformed', file, `${where}: "${key}" must be an object`);
  for (const [name, range] of Object.entries(field)) {
    if (typeof range !== 'string') {
      throw new LockfileError('malformed', file, `${where}: "${key}.${name}" must be a string`);
    }
    out[name] = range;
  }
  return out;
}

/** Null-prototype union of string maps (later ones win), so that a lookup of any name is safe. */
export function merge(...maps: readonly (Readonly<Record<string, string>> | undefined)[]): Record<string, string> {
  const out = record<string>();
  for (const m of maps) if (m !== undefined) for (const [k, v] of Object.entries(m)) out[k] = v;
  return out;
}

/** npm / pnpm `os` and `cpu` lists as one condition string (`os=linux & cpu=x64`), or undefined. */
export function platformConditions(value: JsonObject): string | undefined {
  const parts: string[] = [];
  for (const key of ['os', 'cpu', 'libc']) {
    const v = own(value, key);
    const list = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
    if (list.length > 0) parts.push(`${key}=${list.join('|')}`);
  }
  return parts.length > 0 ? parts.join(' & ') : undefined;
}
