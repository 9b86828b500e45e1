// Rules about secrets, cryptography and insecure configuration (mostly pattern- and import-driven).
import type { ScanRule } from './types.js';

export const configRules: readonly ScanRule[] = [];
