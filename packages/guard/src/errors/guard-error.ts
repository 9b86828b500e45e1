// The error every guard layer (and the application) raises. Modelled on jose's errors: a
// literal `code` and a `cause`; the rendering lives in the error handler. The code is one of
// guard's own (a string literal) or an application code reference from `defineErrorCodes`, so
// an unknown code is a type error where it is written.
import type { ErrorCodeRef } from './code-table.js';
import { GUARD_ERROR_CODES, type BuiltinErrorCode, type ErrorDefinition } from './registry.js';

export interface GuardErrorOptions {
  /** The underlying error; logged, never sent. */
  readonly cause?: unknown;
  /** Adds `Retry-After: <seconds>` to the response. */
  readonly retryAfterSeconds?: number;
  /** Extra response headers (RateLimit-*, WWW-Authenticate, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Safe detail that replaces the generic message on 4xx answers (e.g. a validation field path
   * and rule). Must never contain input. Ignored on 5xx. */
  readonly detail?: string;
}

/** What `new GuardError(...)` takes: a guard code, or a reference from `defineErrorCodes`. */
export type GuardErrorCode<C extends string = string> = BuiltinErrorCode | ErrorCodeRef<C>;

function definitionOf(code: unknown): ErrorDefinition | undefined {
  if (typeof code === 'string') return Object.hasOwn(GUARD_ERROR_CODES, code) ? GUARD_ERROR_CODES[code as BuiltinErrorCode] : undefined;
  const ref = code as Partial<ErrorCodeRef>;
  // From JavaScript anything may arrive: only a complete reference counts.
  return typeof ref.status === 'number' && typeof ref.error === 'string' && typeof ref.message === 'string'
    ? { status: ref.status, error: ref.error, message: ref.message }
    : undefined;
}

export class GuardError<C extends string = string> extends Error {
  override readonly name = 'GuardError';
  readonly code: C;
  /** HTTP status of the code (500 for a code guard does not know: see the error handler). */
  readonly statusCode: number;
  /** The definition the error was raised with (undefined for an unknown code). The registered
   * table decides what is answered; this is what the thrower meant. */
  readonly definition: ErrorDefinition | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly detail: string | undefined;

  constructor(code: (C & BuiltinErrorCode) | ErrorCodeRef<C>, options: GuardErrorOptions = {}) {
    const name = (typeof code === 'string' ? code : code.code) as C;
    const definition = definitionOf(code);
    super(definition ? `${name}: ${definition.message}` : `${name}: unknown error code`, { cause: options.cause });
    this.code = name;
    this.definition = definition;
    this.statusCode = definition?.status ?? 500;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers;
    this.detail = options.detail;
  }
}

export function isGuardError(value: unknown): value is GuardError {
  return value instanceof GuardError;
}
