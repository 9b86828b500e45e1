// Refusals of the course import from a URL (resources/import-source.ts). The cause says what the
// source answered or where a name resolved; it is logged, never sent.
import { DomainError, messageOfCode, type DomainErrorOptions } from './domain-error.js';

export const IMPORT_ERROR_CODES = [
  /** Not a public https URL, a refused port, or a private destination (directly or by redirect). */
  'ERR_IMPORT_URL_REFUSED',
  'ERR_IMPORT_SOURCE_TOO_LARGE',
  'ERR_IMPORT_SOURCE_INVALID',
  /** Unreachable, timed out, TLS failure, a non-2xx answer, or an egress proxy left undecided. */
  'ERR_IMPORT_SOURCE_UNAVAILABLE',
] as const;

export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

export class ImportError extends DomainError<ImportErrorCode> {
  override readonly name = 'ImportError';

  constructor(code: ImportErrorCode, options?: DomainErrorOptions) {
    super(code, messageOfCode(code, 'ERR_IMPORT_'), options);
  }
}
