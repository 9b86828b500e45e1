// Every rule, in one list. Each group's list lives in its own file.
import { accessControlRules } from './access-control-rules.js';
import { configRules } from './config-rules.js';
import { injectionRules } from './injection-rules.js';
import type { ScanRule } from './types.js';

export const allRules: readonly ScanRule[] = [...injectionRules, ...accessControlRules, ...configRules];
