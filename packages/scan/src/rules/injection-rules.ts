// Rules where untrusted data reaches a dangerous sink (taint-driven).
import type { ScanRule } from './types.js';

export const injectionRules: readonly ScanRule[] = [];
