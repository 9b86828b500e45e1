// Every check the auditor runs, in report order. One line per check; each check lives in its
// own file beside this one (see types.ts for the contract).
import { bannersCheck } from './banners.js';
import { cookiesCheck } from './cookies.js';
import { corsCheck } from './cors.js';
import { debugExposureCheck } from './debug-exposure.js';
import { errorLeakageCheck } from './error-leakage.js';
import { headersCheck } from './headers.js';
import { hostHeaderCheck } from './host-header.js';
import { methodsCheck } from './methods.js';
import { rateLimitCheck } from './rate-limit.js';
import { securityTxtCheck } from './security-txt.js';
import { transportCheck } from './transport.js';
import type { Check } from './types.js';

export const allChecks: readonly Check[] = [
  corsCheck,
  headersCheck,
  bannersCheck,
  errorLeakageCheck,
  debugExposureCheck,
  hostHeaderCheck,
  methodsCheck,
  cookiesCheck,
  securityTxtCheck,
  transportCheck,
  rateLimitCheck,
];
