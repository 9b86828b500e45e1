// Hash functions by algorithm: Node's crypto.createHash / crypto.hash, crypto-js (`CryptoJS.MD5`,
// `crypto-js/md5`) and the one-shot npm packages (`md5`, `blueimp-md5`, `js-md5`, `sha1`, `js-sha256`).
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { resolveCallee } from './callee.js';
import { staticString } from './constant.js';
import { isCryptoCall } from './signing-keys.js';

export interface HashCall {
  /** Lower-case algorithm name: md5, sha1, sha256, ... */
  readonly algorithm: string;
  /** True for `md5(x)`-style calls whose arguments are the input; false for createHash (inputs via update()). */
  readonly oneShot: boolean;
}

const ONE_SHOT_PACKAGES: Readonly<Record<string, string>> = {
  md5: 'md5',
  'blueimp-md5': 'md5',
  'js-md5': 'md5',
  sha1: 'sha1',
  'js-sha1': 'sha1',
  'crypto-js/md5': 'md5',
  'crypto-js/sha1': 'sha1',
  'crypto-js/sha256': 'sha256',
  'crypto-js/sha512': 'sha512',
  'js-sha256': 'sha256',
  'js-sha512': 'sha512',
};

const CRYPTO_JS_HASHES = new Set(['MD5', 'SHA1', 'SHA256', 'SHA224', 'SHA384', 'SHA512', 'SHA3', 'RIPEMD160']);

export function normalizeHashName(name: string): string {
  return name.toLowerCase().replace(/^rsa-/, '').replace(/-/g, '');
}

export function hashCall(call: CallExpression, context: Rule.RuleContext): HashCall | undefined {
  const callee = resolveCallee(call, context);
  if (callee === undefined) return undefined;
  if (isCryptoCall(callee, 'createHash') || isCryptoCall(callee, 'hash')) {
    const [first] = call.arguments;
    const algorithm = first === undefined ? undefined : staticString(first as Node, context);
    if (algorithm === undefined) return undefined;
    return { algorithm: normalizeHashName(algorithm), oneShot: isCryptoCall(callee, 'hash') };
  }
  if (callee.module === undefined) return undefined;
  const packaged = ONE_SHOT_PACKAGES[callee.module];
  // md5(x), or the named export: import { sha256 } from 'js-sha256'
  if (packaged !== undefined && (callee.path.length === 0 || (callee.path.length === 1 && callee.path[0] === packaged))) return { algorithm: packaged, oneShot: true };
  if (callee.module === 'crypto-js' && callee.path.length === 1 && CRYPTO_JS_HASHES.has(callee.path[0] ?? '')) return { algorithm: normalizeHashName(callee.path[0] ?? ''), oneShot: true };
  return undefined;
}

export const WEAK_HASHES = new Set(['md5', 'md4', 'md2', 'sha1', 'sha']);
