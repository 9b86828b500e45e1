// The platform's identity error codes: typed references for `new GuardError(...)`, and part of
// the table the platform passes to guard (error-codes.ts; docs/errors.md lists them).
import { defineErrorCodes } from '@rampart/guard';

export const IdentityErrors = defineErrorCodes({
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
});
