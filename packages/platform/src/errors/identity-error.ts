// Identity's refusals (accounts, sessions, tokens, MFA, reset, verification). Unknown email,
// wrong password, wrong or missing TOTP and a locked account are all ERR_IDENTITY_INVALID_CREDENTIALS
// on purpose: the reason travels as the `cause`, for the log only.
import { DomainError, type DomainErrorOptions } from './domain-error.js';

export const IDENTITY_ERROR_CODES = [
  'ERR_IDENTITY_INVALID_CREDENTIALS',
  'ERR_IDENTITY_WEAK_PASSWORD',
  'ERR_IDENTITY_INVALID_EMAIL',
  'ERR_IDENTITY_INVALID_DISPLAY_NAME',
  'ERR_IDENTITY_INVALID_REFRESH_TOKEN',
  'ERR_IDENTITY_INVALID_RESET_TOKEN',
  'ERR_IDENTITY_INVALID_VERIFICATION_TOKEN',
  'ERR_IDENTITY_INVALID_ACCESS_TOKEN',
  'ERR_IDENTITY_INVALID_TOTP',
  'ERR_IDENTITY_MFA_ALREADY_ACTIVE',
  'ERR_IDENTITY_MFA_NOT_ENROLLED',
  /** The caller's token is valid but names no local account (an external IdP's user). */
  'ERR_IDENTITY_NO_LOCAL_ACCOUNT',
  /** Too many password hashes in flight (passwords/hashing-slots.ts). */
  'ERR_IDENTITY_BUSY',
  /** The external identity provider could not be reached: the token could not be checked. */
  'ERR_IDENTITY_PROVIDER_UNAVAILABLE',
] as const;

export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[number];

/** What each code means (the error's message; the CLI shows these too, errors/cli-messages.ts). */
export const IDENTITY_ERROR_MESSAGES: Readonly<Record<IdentityErrorCode, string>> = {
  ERR_IDENTITY_INVALID_CREDENTIALS: 'invalid credentials',
  ERR_IDENTITY_WEAK_PASSWORD: 'the password does not meet the password rules',
  ERR_IDENTITY_INVALID_EMAIL: 'the email address is not valid',
  ERR_IDENTITY_INVALID_DISPLAY_NAME: 'displayName must be 1 to 100 visible characters without control characters',
  ERR_IDENTITY_INVALID_REFRESH_TOKEN: 'invalid or expired refresh token',
  ERR_IDENTITY_INVALID_RESET_TOKEN: 'invalid or expired reset token',
  ERR_IDENTITY_INVALID_VERIFICATION_TOKEN: 'invalid or expired verification token',
  ERR_IDENTITY_INVALID_ACCESS_TOKEN: 'invalid or expired access token',
  ERR_IDENTITY_INVALID_TOTP: 'invalid TOTP code',
  ERR_IDENTITY_MFA_ALREADY_ACTIVE: 'MFA is already active',
  ERR_IDENTITY_MFA_NOT_ENROLLED: 'enrol in MFA first',
  ERR_IDENTITY_NO_LOCAL_ACCOUNT: 'no local account for this caller',
  ERR_IDENTITY_BUSY: 'too many password hashes in flight',
  ERR_IDENTITY_PROVIDER_UNAVAILABLE: 'the identity provider could not be reached',
};

export class IdentityError extends DomainError<IdentityErrorCode> {
  override readonly name = 'IdentityError';

  constructor(code: IdentityErrorCode, options?: DomainErrorOptions) {
    super(code, IDENTITY_ERROR_MESSAGES[code], options);
  }
}
