// The base of the platform's domain errors, in jose's style: a literal `code` from a closed
// union, the underlying `cause`, and nothing of HTTP (no status, no headers). Where a code
// becomes a status (http-mapping.ts) or a CLI message (cli-messages.ts) is decided at the edge.

export interface DomainErrorOptions {
  /** The underlying error or reason; logged, never shown to a client. */
  readonly cause?: unknown;
  /** A safe, input-free explanation (which password rule failed); may replace the generic
   * message at an edge. */
  readonly detail?: string;
  /** When a retry may succeed (a busy or unreachable dependency). */
  readonly retryAfterSeconds?: number;
}

export abstract class DomainError<C extends string> extends Error {
  readonly code: C;
  readonly detail: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: C, message: string, options: DomainErrorOptions = {}) {
    super(`${code}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = options.detail;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A message read off the code itself, for errors whose codes say it all:
 * `ERR_IMPORT_SOURCE_TOO_LARGE` with prefix `ERR_IMPORT_` is "source too large". */
export function messageOfCode(code: string, prefix: string): string {
  return code.slice(prefix.length).toLowerCase().replaceAll('_', ' ');
}
