// Rules where untrusted data reaches a dangerous sink (taint-driven).
import { prototypePollution } from './prototype-pollution.js';
import { sqlInjection } from './sql-injection.js';
import type { ScanRule } from './types.js';

export const injectionRules: readonly ScanRule[] = [
  sqlInjection,
  prototypePollution,
];
