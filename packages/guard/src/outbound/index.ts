// Safe outbound requests (SSRF defense, OWASP A10): see docs/guard.md.
export { createSafeFetch, type SafeFetch, type SafeFetchInit } from './safe-fetch.js';
export { SafeFetchError, isSafeFetchError, SAFE_FETCH_ERROR_CODES, type SafeFetchErrorCode } from './errors.js';
export { SAFE_FETCH_DEFAULTS, type SafeFetchOptions, type SafeFetchScheme } from './options.js';
export type { SafeFetchLookup } from './lookup.js';
export { isPublicAddress } from './address.js';
