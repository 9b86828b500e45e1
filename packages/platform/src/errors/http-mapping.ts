// THE table where domain errors become HTTP: each domain code (errors/*-error.ts) names the guard
// error it answers as (a platform code of http-codes.ts or one of guard's built-in codes), plus
// any header the answer needs. The type makes a domain code left out, or one that does not
// exist, a compile error. Installed once at the HTTP edge (http-edge.ts); operator errors are
// not here: no route runs an operator action (cli-messages.ts shows them).
import { GuardError, type GuardErrorCode } from '@rampart/guard';
import { DomainError } from './domain-error.js';
import type { IdentityErrorCode } from './identity-error.js';
import type { ImportErrorCode } from './import-error.js';
import type { IsolationErrorCode } from './isolation-error.js';
import type { ResourceErrorCode } from './resource-error.js';
import type { StorageErrorCode } from './storage-unavailable.js';
import { PLATFORM_HTTP_CODES as C } from './http-codes.js';

/** Every domain code an HTTP request can meet. */
export type HttpDomainErrorCode = IdentityErrorCode | ResourceErrorCode | ImportErrorCode | StorageErrorCode | IsolationErrorCode;

export interface HttpMapping {
  /** The guard error answered: its status, wire `error` and message come from guard's tables. */
  readonly as: GuardErrorCode;
  readonly headers?: Readonly<Record<string, string>>;
}

const INVALID_TOKEN_CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="rampart", error="invalid_token"' } as const;

export const HTTP_ERROR_MAPPING = {
  ERR_IDENTITY_INVALID_CREDENTIALS: { as: C.RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS },
  ERR_IDENTITY_WEAK_PASSWORD: { as: C.RAMPART_ERR_IDENTITY_WEAK_PASSWORD },
  ERR_IDENTITY_INVALID_EMAIL: { as: C.RAMPART_ERR_IDENTITY_INVALID_EMAIL },
  ERR_IDENTITY_INVALID_DISPLAY_NAME: { as: 'RAMPART_ERR_VALIDATION_FAILED' },
  ERR_IDENTITY_INVALID_REFRESH_TOKEN: { as: C.RAMPART_ERR_IDENTITY_INVALID_REFRESH_TOKEN },
  ERR_IDENTITY_INVALID_RESET_TOKEN: { as: C.RAMPART_ERR_IDENTITY_INVALID_RESET_TOKEN },
  ERR_IDENTITY_INVALID_VERIFICATION_TOKEN: { as: C.RAMPART_ERR_IDENTITY_INVALID_VERIFICATION_TOKEN },
  ERR_IDENTITY_INVALID_ACCESS_TOKEN: { as: 'RAMPART_ERR_AUTH_INVALID_TOKEN', headers: INVALID_TOKEN_CHALLENGE },
  ERR_IDENTITY_INVALID_TOTP: { as: C.RAMPART_ERR_IDENTITY_INVALID_TOTP },
  ERR_IDENTITY_MFA_ALREADY_ACTIVE: { as: C.RAMPART_ERR_IDENTITY_MFA_ALREADY_ACTIVE },
  ERR_IDENTITY_MFA_NOT_ENROLLED: { as: C.RAMPART_ERR_IDENTITY_MFA_NOT_ENROLLED },
  // The same 404 as an unknown route: an external IdP's user has no local account to act on.
  ERR_IDENTITY_NO_LOCAL_ACCOUNT: { as: 'RAMPART_ERR_HTTP_NOT_FOUND' },
  ERR_IDENTITY_BUSY: { as: C.RAMPART_ERR_IDENTITY_BUSY },
  ERR_IDENTITY_PROVIDER_UNAVAILABLE: { as: 'RAMPART_ERR_AUTH_PROVIDER_UNAVAILABLE' },
  ERR_RESOURCE_NOT_FOUND: { as: 'RAMPART_ERR_HTTP_NOT_FOUND' },
  ERR_RESOURCE_UNAUTHENTICATED: { as: 'RAMPART_ERR_AUTH_MISSING_TOKEN' },
  ERR_IMPORT_URL_REFUSED: { as: C.RAMPART_ERR_IMPORT_URL_REFUSED },
  ERR_IMPORT_SOURCE_TOO_LARGE: { as: C.RAMPART_ERR_IMPORT_SOURCE_TOO_LARGE },
  ERR_IMPORT_SOURCE_INVALID: { as: C.RAMPART_ERR_IMPORT_SOURCE_INVALID },
  ERR_IMPORT_SOURCE_UNAVAILABLE: { as: C.RAMPART_ERR_IMPORT_SOURCE_UNAVAILABLE },
  ERR_DATABASE_UNAVAILABLE: { as: C.RAMPART_ERR_DB_UNAVAILABLE },
  ERR_SHARED_STATE_UNAVAILABLE: { as: C.RAMPART_ERR_SHARED_STATE_UNAVAILABLE },
  ERR_SERVICE_ISOLATED: { as: C.RAMPART_ERR_SERVICE_ISOLATED },
} as const satisfies Readonly<Record<HttpDomainErrorCode, HttpMapping>>;

function mappingOf(error: DomainError<string>): HttpMapping | undefined {
  return Object.hasOwn(HTTP_ERROR_MAPPING, error.code) ? HTTP_ERROR_MAPPING[error.code as HttpDomainErrorCode] : undefined;
}

/** The GuardError a domain error answers as (the domain error is its cause, for the log);
 * anything else unchanged (guard answers it: a GuardError as itself, a crash as a 500).
 * `headers` adds headers of this one answer (a route clearing its cookie). */
export function toHttpError(error: unknown, headers?: Readonly<Record<string, string>>): unknown {
  if (!(error instanceof DomainError)) return error;
  const mapping = mappingOf(error);
  if (!mapping) return error;
  const allHeaders = mapping.headers || headers ? { ...mapping.headers, ...headers } : undefined;
  return new GuardError(mapping.as, {
    cause: error,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    ...(allHeaders ? { headers: allHeaders } : {}),
  });
}
