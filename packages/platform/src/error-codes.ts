// The table of the platform's own HTTP error codes passed to guard at registration
// (`errors.codes`, config/guard-policy.ts). Defined in errors/http-codes.ts, beside the one
// mapping from domain errors onto it (errors/http-mapping.ts). docs/errors.md lists them.
import { PLATFORM_HTTP_CODES } from './errors/http-codes.js';

export const PLATFORM_ERROR_CODES = PLATFORM_HTTP_CODES;

export type PlatformErrorCode = keyof typeof PLATFORM_ERROR_CODES;
