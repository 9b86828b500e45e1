// Broken or misused ciphers (bandit B304/B305): crypto.createCipher/createDecipher (deprecated,
// key from MD5 without salt, no IV), DES/3DES/RC4/RC2/Blowfish, ECB mode, and a fixed IV given
// to createCipheriv (same key + same IV = same ciphertext, and keystream reuse for CTR/GCM).
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { resolveCallee } from '../analysis/callee.js';
import type { Callee } from '../analysis/callee.js';
import { staticString, staticValue } from '../analysis/constant.js';
import { optionValue } from '../analysis/objects.js';
import { findVariable, singleBinding } from '../analysis/scope.js';
import { isCryptoCall } from '../analysis/signing-keys.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import { defineRule } from './define.js';
import type { Report } from './define.js';

const BROKEN_CIPHER = /^(?:des|des-ede|des-ede3|des3|desx|rc4|rc2|bf|blowfish|cast|cast5|idea|seed)(?:$|-)/i;

function describeAlgorithm(algorithm: string): string | undefined {
  if (BROKEN_CIPHER.test(algorithm)) return `${algorithm} is a broken or 64-bit-block cipher`;
  if (/-ecb$/i.test(algorithm) || /^aes-?\d*-ecb/i.test(algorithm)) return `${algorithm} uses ECB mode, which leaks patterns`;
  return undefined;
}

/** Whether an IV expression is fixed: a literal or constant, `Buffer.from('...')`, `Buffer.alloc(16)`, `new Uint8Array(16)`. */
function isStaticIv(node: Node, context: Rule.RuleContext, depth = 0): boolean {
  if (depth > 4) return false;
  const inner = stripWrappers(node);
  if (inner.type === 'Literal' && inner.value === null) return false;
  if (staticValue(inner, context) !== undefined) return typeof staticValue(inner, context)?.value === 'string' || Array.isArray(staticValue(inner, context)?.value);
  if (inner.type === 'Identifier') {
    const variable = findVariable(inner, context);
    const binding = singleBinding(variable);
    if (binding === undefined || binding.declarator.id !== binding.name || !isStaticIv(binding.init, context, depth + 1)) return false;
    // const iv = Buffer.alloc(16); crypto.randomFillSync(iv): filled later, not fixed
    return !(variable?.references ?? []).some((reference) => reference.identifier !== binding.name && reference.identifier !== inner && isFilledBy(reference.identifier as Node));
  }
  if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && inner.callee.object.type === 'Identifier' && inner.callee.object.name === 'Buffer' && inner.callee.property.type === 'Identifier') {
    const [first] = inner.arguments;
    if (first === undefined || first.type === 'SpreadElement') return false;
    // Buffer.alloc(16) is sixteen zero bytes
    if (inner.callee.property.name === 'alloc') return inner.arguments.length === 1 || staticValue(inner.arguments[1] as Node, context) !== undefined;
    if (inner.callee.property.name === 'from') return isStaticIv(first, context, depth + 1);
  }
  if (inner.type === 'NewExpression' && inner.callee.type === 'Identifier' && inner.callee.name === 'Uint8Array' && inner.arguments.length === 1) {
    const [first] = inner.arguments;
    return first !== undefined && first.type !== 'SpreadElement' && (typeof staticValue(first, context)?.value === 'number' || isStaticIv(first, context, depth + 1));
  }
  return false;
}

/** Whether a reference hands the buffer to something that may write it: `randomFillSync(iv)`, `iv.fill(...)`, `iv.write(...)`. */
function isFilledBy(reference: Node): boolean {
  const parent = (reference as Node & { parent?: Node }).parent ?? undefined;
  if (parent?.type === 'CallExpression' && parent.arguments.includes(reference as never)) return true;
  return parent?.type === 'MemberExpression' && parent.object === reference && ['fill', 'write', 'set', 'writeUInt32BE', 'writeUInt32LE', 'writeBigUInt64BE'].includes(staticPropertyName(parent.property, parent.computed) ?? '');
}

function checkNodeCrypto(node: CallExpression, callee: Callee, context: Rule.RuleContext, report: Report): boolean {
  if (isCryptoCall(callee, 'createCipher') || isCryptoCall(callee, 'createDecipher')) {
    report(node, { confidence: 'high', detail: `(${callee.path.at(-1) ?? ''} derives the key with MD5 and uses no IV; it was removed in Node 22)` });
    return true;
  }
  if (!isCryptoCall(callee, 'createCipheriv') && !isCryptoCall(callee, 'createDecipheriv')) return false;
  const [algorithmNode, , ivNode] = node.arguments as (Node | undefined)[];
  const algorithm = algorithmNode === undefined ? undefined : staticString(algorithmNode, context);
  const problem = algorithm === undefined ? undefined : describeAlgorithm(algorithm);
  if (problem !== undefined && algorithmNode !== undefined) report(algorithmNode, { confidence: 'high', detail: `(${problem})` });
  // a fixed IV matters when encrypting; decrypting with the stored IV is what decryption does
  else if (isCryptoCall(callee, 'createCipheriv') && ivNode !== undefined && algorithm !== undefined && !/-ecb$/i.test(algorithm) && isStaticIv(ivNode, context)) report(ivNode, { confidence: 'high', detail: '(the IV is fixed in the source)' });
  return true;
}

const CRYPTO_JS_BROKEN = new Set(['DES', 'TripleDES', 'RC4', 'RC4Drop']);

function checkCryptoJs(node: CallExpression, callee: Callee, context: Rule.RuleContext, report: Report): void {
  if (callee.module !== 'crypto-js' || callee.path.length !== 2 || (callee.path[1] !== 'encrypt' && callee.path[1] !== 'decrypt')) return;
  const cipher = callee.path[0] ?? '';
  if (CRYPTO_JS_BROKEN.has(cipher)) {
    report(node, { confidence: 'high', detail: `(CryptoJS.${cipher} is a broken cipher)` });
    return;
  }
  const mode = optionValue(node.arguments[2] as Node | undefined, 'mode', context);
  const resolved = mode === undefined ? undefined : resolveCallee(mode, context);
  if (resolved?.module === 'crypto-js' && resolved.path.join('.') === 'mode.ECB' && mode !== undefined) report(mode, { confidence: 'high', detail: '(ECB mode leaks patterns)' });
}

export const weakCipher = defineRule(
  {
    id: 'weak-cipher',
    name: 'Broken cipher, ECB mode or fixed IV',
    cwe: 327,
    owasp: 'A02:2021-Cryptographic Failures',
    bandit: 'B304',
    severity: 'high',
    confidence: 'high',
    message: 'Encryption uses a broken cipher, ECB mode, a fixed IV or the deprecated createCipher: the ciphertext leaks or can be broken.',
    fix: "Use crypto.createCipheriv('aes-256-gcm', key, iv) with a key from a KDF or secret store and a fresh crypto.randomBytes(12) IV per message, stored next to the ciphertext.",
    docs: {
      description:
        'Reports `crypto.createCipher`/`createDecipher` (no IV, key derived with one MD5 round), `createCipheriv`/`createDecipheriv` with DES, 3DES, RC4, RC2, Blowfish, CAST, IDEA or SEED, or with an ECB mode, ' +
        'a literal, constant or zero-filled IV given to `createCipheriv`, and crypto-js `DES`/`TripleDES`/`RC4` or `mode: CryptoJS.mode.ECB`.',
      vulnerable: "const cipher = crypto.createCipher('aes256', config.cryptoKey);\nconst c2 = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16));",
      safe: "const iv = crypto.randomBytes(12);\nconst cipher = crypto.createCipheriv('aes-256-gcm', key, iv);",
    },
  },
  (context, report) => ({
    CallExpression(node) {
      const callee = resolveCallee(node, context);
      if (callee === undefined) return;
      if (!checkNodeCrypto(node, callee, context, report)) checkCryptoJs(node, callee, context, report);
    },
  }),
);
