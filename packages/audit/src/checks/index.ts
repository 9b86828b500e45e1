// Every check the auditor runs, in report order. One line per check; each check lives in its
// own file beside this one (see types.ts for the contract).
import type { Check } from './types.js';

export const allChecks: readonly Check[] = [];
