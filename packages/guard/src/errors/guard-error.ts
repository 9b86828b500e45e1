// The error every guard layer (and the application) raises. Modelled on jose's errors: a
// literal `code` from the registry and a `cause`; the rendering lives in the error handler.
import { lookupErrorCode, type ErrorCode } from './registry.js';

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

export class GuardError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'GuardError';
  readonly code: C;
  /** HTTP status from the registry (500 for an unregistered code). */
  readonly statusCode: number;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly detail: string | undefined;

  constructor(code: C, options: GuardErrorOptions = {}) {
    const definition = lookupErrorCode(code);
    super(definition ? `${code}: ${definition.message}` : `${code}: unregistered error code`, {
      cause: options.cause,
    });
    this.code = code;
    this.statusCode = definition?.status ?? 500;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers;
    this.detail = options.detail;
  }
}

export function isGuardError(value: unknown): value is GuardError {
  return value instanceof GuardError;
}
