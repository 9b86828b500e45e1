// JSON helpers for untrusted advisory files: a size-capped reader and a deep copy of free-form
// parts (database_specific, ecosystem_specific) that drops keys which would reach a prototype
// if a later consumer merged the object with plain assignment.
import { readFile, stat } from 'node:fs/promises';
import { AdvisoryDataError } from './errors.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** One advisory file: the largest real OSV record is well under 1 MiB (the Linux kernel's). */
export const MAX_JSON_FILE_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 64;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AdvisoryDataError(file, `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

export async function readJsonFile(file: string, maxBytes = MAX_JSON_FILE_BYTES): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > maxBytes) throw new AdvisoryDataError(file, `is ${info.size} bytes, more than the ${maxBytes} allowed`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof AdvisoryDataError) throw error;
    throw new AdvisoryDataError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
    });
  }
  return parseJsonText(text, file);
}

/** Deep copy of a JSON value into null-prototype objects, without __proto__/constructor/prototype keys. */
export function freeFormJson(value: unknown, tooDeep: () => never, depth = 0): JsonValue {
  if (depth > MAX_DEPTH) tooDeep();
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => freeFormJson(v, tooDeep, depth + 1));
  if (typeof value === 'object') {
    const out = Object.create(null) as Record<string, JsonValue>;
    for (const [k, v] of Object.entries(value)) {
      if (!UNSAFE_KEYS.has(k)) out[k] = freeFormJson(v, tooDeep, depth + 1);
    }
    return out;
  }
  return null;
}

/** A plain-object view of an unknown JSON value, or undefined. */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
