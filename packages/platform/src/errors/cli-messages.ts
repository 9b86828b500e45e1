// The CLI's and the control socket's table for domain errors: the message an operator reads.
// Exit codes stay the CLI's (cli/main.ts: 1 for a refused operation, 2 for a usage error, which
// UsageError covers before any domain code runs). Like http-mapping.ts, a code left out is a
// compile error; the safe `detail` (which password rule failed) is shown when there is one.
import { DomainError } from './domain-error.js';
import { IDENTITY_ERROR_MESSAGES } from './identity-error.js';
import type { HttpDomainErrorCode } from './http-mapping.js';
import type { OperatorErrorCode } from './operator-error.js';

export type CliDomainErrorCode = HttpDomainErrorCode | OperatorErrorCode;

export const CLI_ERROR_MESSAGES = {
  ERR_OPERATOR_UNKNOWN_ROLE: 'unknown role; use free-user, paid-individual or admin',
  ERR_OPERATOR_EMAIL_TAKEN: 'a user with this email already exists',
  ERR_OPERATOR_NO_SUCH_USER: 'no user with this email',
  ERR_OPERATOR_NO_MFA: 'this user has no MFA to reset',
  // Identity's own words, with the two an operator can act on said as advice.
  ...IDENTITY_ERROR_MESSAGES,
  ERR_IDENTITY_BUSY: 'the server is busy hashing passwords; retry shortly',
  ERR_IDENTITY_PROVIDER_UNAVAILABLE: 'the external identity provider cannot be reached; retry later',
  ERR_RESOURCE_NOT_FOUND: 'not found',
  ERR_RESOURCE_UNAUTHENTICATED: 'no verified caller',
  ERR_IMPORT_URL_REFUSED: 'the import URL is not allowed: it must be a public https URL',
  ERR_IMPORT_SOURCE_TOO_LARGE: 'the import source is larger than the import size limit',
  ERR_IMPORT_SOURCE_INVALID: 'the import source is not a valid courses document',
  ERR_IMPORT_SOURCE_UNAVAILABLE: 'the import source could not be fetched',
  ERR_DATABASE_UNAVAILABLE: 'the database cannot be reached; check DATABASE_URL and that PostgreSQL is up, then retry',
  ERR_SHARED_STATE_UNAVAILABLE: 'the shared state (Redis) cannot be reached; check REDIS_URL and that Redis is up, then retry',
  ERR_SERVICE_ISOLATED: 'the service is isolated (rampart isolate status); lift it with rampart isolate off',
} as const satisfies Readonly<Record<CliDomainErrorCode, string>>;

/** The operator's message for a domain error; undefined for anything else (a crash stays one). */
export function cliMessageOf(error: unknown): string | undefined {
  if (!(error instanceof DomainError) || !Object.hasOwn(CLI_ERROR_MESSAGES, error.code)) return undefined;
  return error.detail ?? CLI_ERROR_MESSAGES[error.code as CliDomainErrorCode];
}
