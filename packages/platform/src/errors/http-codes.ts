// The platform's own HTTP error codes: status, wire `error` and generic message of each, as the
// one table passed to guard at registration (`errors.codes`, config/guard-policy.ts through
// error-codes.ts). Business code never names these: http-mapping.ts maps domain codes onto them
// (and onto guard's built-in codes). docs/errors.md lists every row.
import { defineErrorCodes } from '@rampart/guard';

export const PLATFORM_HTTP_CODES = defineErrorCodes({
  // Unknown email, wrong password, wrong or missing TOTP and a locked account all answer exactly this.
  RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS: { status: 401, error: 'invalid_credentials', message: 'invalid credentials' },
  RAMPART_ERR_IDENTITY_WEAK_PASSWORD: { status: 400, error: 'weak_password', message: 'the password does not meet the password rules' },
  RAMPART_ERR_IDENTITY_INVALID_EMAIL: { status: 400, error: 'invalid_email', message: 'the email address is not valid' },
  RAMPART_ERR_IDENTITY_INVALID_REFRESH_TOKEN: { status: 401, error: 'invalid_refresh_token', message: 'invalid or expired refresh token' },
  RAMPART_ERR_IDENTITY_INVALID_RESET_TOKEN: { status: 400, error: 'invalid_reset_token', message: 'invalid or expired reset token' },
  RAMPART_ERR_IDENTITY_INVALID_VERIFICATION_TOKEN: { status: 400, error: 'invalid_verification_token', message: 'invalid or expired verification token' },
  RAMPART_ERR_IDENTITY_INVALID_TOTP: { status: 400, error: 'invalid_totp', message: 'invalid TOTP code' },
  RAMPART_ERR_IDENTITY_MFA_ALREADY_ACTIVE: { status: 409, error: 'mfa_already_active', message: 'MFA is already active' },
  RAMPART_ERR_IDENTITY_MFA_NOT_ENROLLED: { status: 409, error: 'mfa_not_enrolled', message: 'enrol in MFA first' },
  // A cookie-authenticated refresh or logout without the Rampart-CSRF header or from a foreign Origin.
  RAMPART_ERR_IDENTITY_CROSS_SITE_REQUEST: { status: 403, error: 'cross_site_request', message: 'cookie requests need the Rampart-CSRF header and the same origin' },
  // Too many password hashes in flight: refused before any hashing (identity/passwords/hashing-slots.ts).
  RAMPART_ERR_IDENTITY_BUSY: { status: 503, error: 'service_busy', message: 'the service is busy, retry shortly' },
  RAMPART_ERR_DB_UNAVAILABLE: { status: 503, error: 'service_unavailable', message: 'service unavailable' },
  RAMPART_ERR_SHARED_STATE_UNAVAILABLE: { status: 503, error: 'service_unavailable', message: 'service unavailable' },
  // An operator isolated the service (`rampart isolate`): writes (read-only) or everything (closed).
  RAMPART_ERR_SERVICE_ISOLATED: { status: 503, error: 'service_unavailable', message: 'service unavailable' },
  RAMPART_ERR_IMPORT_URL_REFUSED: { status: 400, error: 'import_url_refused', message: 'the import URL is not allowed: it must be a public https URL' },
  RAMPART_ERR_IMPORT_SOURCE_TOO_LARGE: { status: 400, error: 'import_source_too_large', message: 'the import source is larger than the import size limit' },
  RAMPART_ERR_IMPORT_SOURCE_INVALID: { status: 400, error: 'import_source_invalid', message: 'the import source is not a valid courses document' },
  RAMPART_ERR_IMPORT_SOURCE_UNAVAILABLE: { status: 502, error: 'import_source_unavailable', message: 'the import source could not be fetched' },
});
