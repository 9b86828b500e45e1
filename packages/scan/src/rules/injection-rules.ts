// Rules where untrusted data reaches a dangerous sink (taint-driven).
import { prototypePollution } from './prototype-pollution.js';
import { sqlInjection } from './sql-injection.js';
import { commandInjection } from './command-injection.js';
import { codeInjection } from './code-injection.js';
import { unsafeDeserialization } from './unsafe-deserialization.js';
import type { ScanRule } from './types.js';

export const injectionRules: readonly ScanRule[] = [
  unsafeDeserialization,
  codeInjection,
  commandInjection,
  sqlInjection,
  prototypePollution,
];
