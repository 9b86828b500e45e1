// Every application error code of the platform, as the one table passed to guard at
// registration (`errors.codes`, config/guard-policy.ts). A GuardError with a code missing here
// would answer 500 and log the unknown code. docs/errors.md and docs/identity.md list them.
import { IdentityErrors } from './identity/errors.js';
import { DatabaseErrors } from './production/database-unavailable.js';
import { ImportErrors } from './resources/import-errors.js';

export const PLATFORM_ERROR_CODES = Object.freeze({ ...IdentityErrors, ...DatabaseErrors, ...ImportErrors });

export type PlatformErrorCode = keyof typeof PLATFORM_ERROR_CODES;
