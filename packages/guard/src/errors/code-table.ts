// Application error codes come from a table the application passes at registration
// (`errors.codes`), not from a registry filled at import time: two guarded servers in one
// process can have different tables, and a code nobody passed is a loud 500, never a guess.
// `defineErrorCodes(table)` validates a table where it is written and returns one typed
// reference per code (`new GuardError(NoteErrors.NOTE_NOT_FOUND)`): the code, status, wire
// code and message travel with the error, and the same object is the table to register.
import { GUARD_ERROR_CODES, type ErrorDefinition } from './registry.js';

/** A code of an application table, as `defineErrorCodes` returns it. It is also a valid table
 * entry (`errors.codes: NoteErrors`). */
export interface ErrorCodeRef<C extends string = string> extends ErrorDefinition {
  readonly code: C;
}

/** What `errors.codes` takes: code -> definition (or the result of `defineErrorCodes`). */
export type ErrorCodeTable = Readonly<Record<string, ErrorDefinition>>;

/** The typed references of a table: `{ NOTE_NOT_FOUND: ErrorCodeRef<'NOTE_NOT_FOUND'> }`. */
export type DefinedErrorCodes<T extends Record<string, ErrorDefinition>> = {
  readonly [K in keyof T & string]: ErrorCodeRef<K>;
};

/** The code union of a table: `ErrorCodeOf<typeof NoteErrors>` is `'NOTE_NOT_FOUND' | ...`. */
export type ErrorCodeOf<T> = keyof T & string;

/** Thrown at start-up when an application defines a malformed or conflicting code. */
export class ErrorCodeDefinitionError extends Error {
  readonly code = 'RAMPART_ERR_ERROR_CODE_INVALID' as const;
  override readonly name = 'ErrorCodeDefinitionError';
}

const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const WIRE_PATTERN = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** A message is shown to anyone: printable text without markup or template placeholders (a
 * placeholder suggests the application means to interpolate input into it). */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const MESSAGE_PATTERN = /^[^\u0000-\u001f\u007f<>{}`]{1,200}$/;
const PLACEHOLDER = /%[sdifjoO]|\$\{/;
const ENTRY_KEYS = new Set(['status', 'error', 'message', 'code']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every problem of `table`, each as `<code>: <what is wrong>` (empty when it is valid). */
export function errorCodeTableProblems(table: unknown): string[] {
  if (!isRecord(table)) return ['must be an object: code -> { status, error, message }'];
  const problems: string[] = [];
  for (const [code, entry] of Object.entries(table)) {
    if (!CODE_PATTERN.test(code)) {
      problems.push(`${code}: a code must be UPPER_SNAKE_CASE (e.g. NOTE_NOT_FOUND)`);
      continue;
    }
    if (Object.hasOwn(GUARD_ERROR_CODES, code)) {
      problems.push(`${code}: is one of guard's own codes (docs/errors.md); choose another name`);
      continue;
    }
    if (!isRecord(entry)) {
      problems.push(`${code}: must be { status, error, message }`);
      continue;
    }
    const { status, error, message } = entry;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      problems.push(`${code}.status: must be an integer from 400 to 599`);
    }
    if (typeof error !== 'string' || !WIRE_PATTERN.test(error)) {
      problems.push(`${code}.error: the wire code must be snake_case (e.g. note_not_found)`);
    }
    if (typeof message !== 'string' || !MESSAGE_PATTERN.test(message) || PLACEHOLDER.test(message)) {
      problems.push(`${code}.message: must be a generic text of 1..200 characters, without markup, backticks or placeholders (it is shown to anyone)`);
    }
    for (const key of Object.keys(entry)) {
      if (!ENTRY_KEYS.has(key)) problems.push(`${code}.${key}: unknown key (an entry has status, error, message)`);
    }
    if (entry.code !== undefined && entry.code !== code) problems.push(`${code}.code: must be "${code}" (its key)`);
  }
  return problems;
}

/**
 * Validates an application table where it is written (a malformed table throws at import, so at
 * start) and returns a typed reference per code. Pure: nothing is registered anywhere; pass the
 * result (or any table) to guard as `errors.codes`.
 */
export function defineErrorCodes<const T extends Record<string, ErrorDefinition>>(table: T): DefinedErrorCodes<T> {
  const problems = errorCodeTableProblems(table);
  if (problems.length) {
    throw new ErrorCodeDefinitionError(`RAMPART_ERR_ERROR_CODE_INVALID: error code table is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const refs: Record<string, ErrorCodeRef> = {};
  for (const [code, { status, error, message }] of Object.entries(table)) {
    refs[code] = Object.freeze({ code, status, error, message });
  }
  return Object.freeze(refs) as DefinedErrorCodes<T>;
}

/** Guard's codes and one application table, as one lookup (built once per registration). */
export function errorCodeLookup(table: ErrorCodeTable | undefined): ReadonlyMap<string, ErrorDefinition> {
  const lookup = new Map<string, ErrorDefinition>(Object.entries(GUARD_ERROR_CODES));
  for (const [code, { status, error, message }] of Object.entries(table ?? {})) {
    lookup.set(code, Object.freeze({ status, error, message }));
  }
  return lookup;
}

export const BUILTIN_ERROR_CODES: ReadonlyMap<string, ErrorDefinition> = errorCodeLookup(undefined);

/** The `errors` section after merging defaults: an input with a renderer is not a plain data
 * object, so it replaced the defaults whole; restore the empty table and freeze a copy of it. */
export function normalizeErrorsPolicy(errors: { readonly codes?: ErrorCodeTable; readonly render?: unknown } | undefined): {
  readonly codes: ErrorCodeTable;
} {
  const codes: Record<string, ErrorDefinition> = {};
  for (const [code, { status, error, message }] of Object.entries(errors?.codes ?? {})) {
    codes[code] = Object.freeze({ status, error, message });
  }
  return Object.freeze({ codes: Object.freeze(codes), ...(errors?.render ? { render: errors.render } : {}) });
}
