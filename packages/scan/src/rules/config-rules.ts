// Rules about secrets, cryptography and insecure configuration (mostly pattern- and import-driven).
import { corsCredentialsAnyOrigin } from './cors-credentials-any-origin.js';
import { debugErrorHandler } from './debug-error-handler.js';
import { hardcodedSecret } from './hardcoded-secret.js';
import { hardcodedSigningKey } from './hardcoded-signing-key.js';
import { insecureRandom } from './insecure-random.js';
import { insecureTempFile } from './insecure-temp-file.js';
import { jwtInsecureVerify } from './jwt-insecure-verify.js';
import { tlsVerificationDisabled } from './tls-verification-disabled.js';
import { weakCipher } from './weak-cipher.js';
import { weakHash } from './weak-hash.js';
import { weakPasswordHash } from './weak-password-hash.js';
import type { ScanRule } from './types.js';

export const configRules: readonly ScanRule[] = [
  hardcodedSecret,
  hardcodedSigningKey,
  weakHash,
  weakCipher,
  weakPasswordHash,
  insecureRandom,
  tlsVerificationDisabled,
  jwtInsecureVerify,
  corsCredentialsAnyOrigin,
  debugErrorHandler,
  insecureTempFile,
];
