// Rules about secrets, cryptography and insecure configuration (mostly pattern- and import-driven).
import { hardcodedSecret } from './hardcoded-secret.js';
import { hardcodedSigningKey } from './hardcoded-signing-key.js';
import { weakCipher } from './weak-cipher.js';
import { weakHash } from './weak-hash.js';
import { weakPasswordHash } from './weak-password-hash.js';
import type { ScanRule } from './types.js';

export const configRules: readonly ScanRule[] = [hardcodedSecret, hardcodedSigningKey, weakHash, weakCipher, weakPasswordHash];
