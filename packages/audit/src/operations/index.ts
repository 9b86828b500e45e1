// The per-operation checks, in report order: they run only in a spec-driven audit (--openapi,
// --path, --paths-file, or a document the target exposes), after the site-wide checks.
import type { Check } from '../checks/types.js';
import { apiAuthenticationCheck } from './authentication.js';
import { apiFunctionAuthorizationCheck } from './function-authorization.js';
import { apiInputHandlingCheck } from './input-handling.js';
import { apiMassAssignmentCheck } from './mass-assignment.js';
import { apiObjectAuthorizationCheck } from './object-authorization.js';
import { apiResponseHygieneCheck } from './response-hygiene.js';
import { apiTokenTamperingCheck } from './token-tampering.js';

export const operationChecks: readonly Check[] = [
  apiAuthenticationCheck,
  apiObjectAuthorizationCheck,
  apiFunctionAuthorizationCheck,
  apiMassAssignmentCheck,
  apiInputHandlingCheck,
  apiTokenTamperingCheck,
  apiResponseHygieneCheck,
];
