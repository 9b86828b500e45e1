// Passwords stored with a fast hash or weak parameters (CWE-916): a plain SHA-2 of a password,
// PBKDF2 with few iterations, bcrypt with a cost below 10, argon2 with a tiny memory cost, scrypt
// with a small N. MD5/SHA-1 of a password is weak-hash's finding (one line, one finding).
import type { CallExpression, Node } from 'estree';
import { resolveCallee } from '../analysis/callee.js';
import { staticValue } from '../analysis/constant.js';
import { hashCall, WEAK_HASHES } from '../analysis/hash-calls.js';
import { hashUsage, isPasswordUse } from '../analysis/hash-usage.js';
import { optionValue } from '../analysis/objects.js';
import { isCryptoCall } from '../analysis/signing-keys.js';
import { defineRule } from './define.js';
import type { Report } from './define.js';
import type { Rule } from 'eslint';

// OWASP Password Storage Cheat Sheet figures; the thresholds are set below them on purpose: a
// finding means "clearly too weak", not "below this year's recommendation".
const PBKDF2_MIN = 100_000;
const PBKDF2_HIGH = 10_000;
const BCRYPT_MIN = 10;
const ARGON2_MIN_MEMORY_KIB = 7168;
const SCRYPT_MIN_N = 16_384;

function numberOf(node: Node | undefined, context: Rule.RuleContext): number | undefined {
  if (node === undefined) return undefined;
  const value = staticValue(node, context)?.value;
  return typeof value === 'number' ? value : undefined;
}

function checkParameters(node: CallExpression, context: Rule.RuleContext, report: Report): void {
  const callee = resolveCallee(node, context);
  if (callee === undefined) return;
  const args = node.arguments as Node[];
  if (isCryptoCall(callee, 'pbkdf2') || isCryptoCall(callee, 'pbkdf2Sync')) {
    const iterations = numberOf(args[2], context);
    if (iterations !== undefined && iterations < PBKDF2_MIN) report(args[2] ?? node, { confidence: iterations < PBKDF2_HIGH ? 'high' : 'medium', detail: `(PBKDF2 with ${iterations} iterations; OWASP asks for 600,000 with SHA-256)` });
    return;
  }
  if (isCryptoCall(callee, 'scrypt') || isCryptoCall(callee, 'scryptSync')) {
    const n = numberOf(optionValue(args[3], 'N', context) ?? optionValue(args[3], 'cost', context), context);
    if (n !== undefined && n < SCRYPT_MIN_N) report(args[3] ?? node, { confidence: 'medium', detail: `(scrypt with N=${n})` });
    return;
  }
  if (callee.module === 'bcrypt' || callee.module === 'bcryptjs' || callee.module === 'bcrypt-nodejs') {
    const method = callee.path[0];
    const rounds = method === 'hash' || method === 'hashSync' ? args[1] : method === 'genSalt' || method === 'genSaltSync' ? args[0] : undefined;
    const cost = numberOf(rounds, context);
    if (rounds !== undefined && cost !== undefined && cost < BCRYPT_MIN) report(rounds, { confidence: 'high', detail: `(bcrypt cost ${cost}; use at least 10, 12 is common)` });
    return;
  }
  if ((callee.module === 'argon2' && callee.path[0] === 'hash') || (callee.module === '@node-rs/argon2' && (callee.path[0] === 'hash' || callee.path[0] === 'hashSync'))) {
    const memory = numberOf(optionValue(args[1], 'memoryCost', context), context);
    if (memory !== undefined && memory < ARGON2_MIN_MEMORY_KIB) report(optionValue(args[1], 'memoryCost', context) ?? node, { confidence: 'medium', detail: `(argon2 memoryCost ${memory} KiB; OWASP asks for at least 19 MiB with t=2)` });
  }
}

export const weakPasswordHash = defineRule(
  {
    id: 'weak-password-hash',
    name: 'Password hashed too cheaply',
    cwe: 916,
    owasp: 'A02:2021-Cryptographic Failures',
    severity: 'high',
    confidence: 'high',
    message: 'Passwords are hashed with a fast hash or weak work factor: a leaked table can be brute-forced quickly.',
    fix: 'Use bcrypt (cost >= 12), scrypt or argon2id with OWASP parameters, or PBKDF2-HMAC-SHA-256 with at least 600,000 iterations.',
    docs: {
      description:
        'Reports a plain SHA-2/SHA-3 hash (`createHash`, crypto-js, js-sha256) whose input or destination is a password; PBKDF2 with fewer than 100,000 iterations (high confidence below 10,000); ' +
        'bcrypt `hash`/`genSalt` with a cost below 10; argon2 with `memoryCost` below 7 MiB; scrypt with `N` below 16384. MD5/SHA-1 of a password is reported by `weak-hash`.',
      vulnerable: "const hashed = crypto.createHash('sha256').update(password).digest('hex');\nconst h = await bcrypt.hash(password, 4);",
      safe: 'const hashed = await bcrypt.hash(password, 12);',
    },
  },
  (context, report) => ({
    CallExpression(node) {
      const hash = hashCall(node, context);
      if (hash !== undefined) {
        if (!WEAK_HASHES.has(hash.algorithm) && isPasswordUse(hashUsage(node, context, hash.oneShot))) report(node, { detail: `(${hash.algorithm} of a password)` });
        return;
      }
      checkParameters(node, context, report);
    },
  }),
);
