// Math.random() where the value must be unguessable (bandit B311): tokens, session ids, passwords,
// OTPs, nonces, salts, keys, reset and invite codes. V8's Math.random is xorshift128+: a few
// outputs reveal the state and every later value. Decided by the names the value flows into (see
// flow-target.ts); jitter, backoff, sampling and shuffles are not reported.
import type { CallExpression, Node } from 'estree';
import { enclosingFunctionName, flowTarget } from '../analysis/flow-target.js';
import { nameWords } from '../analysis/names.js';
import { findVariable, isDeclared } from '../analysis/scope.js';
import { staticPropertyName } from '../analysis/syntax-helpers.js';
import type { Level } from './types.js';
import { defineRule } from './define.js';

type WithParent = Node & { parent?: Node };

const SECRET_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'pwd', 'nonce', 'salt', 'otp', 'session', 'sid', 'csrf', 'xsrf', 'apikey', 'pin', 'passcode', 'credential', 'iv', 'challenge', 'verifier']);
const CODE_CONTEXT = new Set(['verification', 'verify', 'reset', 'invite', 'invitation', 'confirm', 'confirmation', 'auth', 'otp', 'sms', 'email', 'login', 'activation', 'security', 'access', 'recovery', 'one', 'mfa', '2fa', 'two']);
const KEY_CONTEXT = new Set(['api', 'secret', 'private', 'access', 'session', 'auth', 'encryption', 'signing', 'hmac', 'license', 'activation']);
const BENIGN_WORDS = new Set(['delay', 'jitter', 'backoff', 'retry', 'timeout', 'wait', 'sleep', 'ms', 'color', 'colour', 'offset', 'position', 'angle', 'shuffle', 'shuffled', 'sort', 'sample', 'sampling', 'probability', 'chance', 'percent', 'ratio', 'weight', 'opacity', 'width', 'height', 'duration', 'interval', 'animation', 'latency', 'noise', 'status', 'error', 'exit', 'http', 'test', 'mock', 'fake', 'demo', 'placeholder', 'request', 'trace', 'correlation', 'log', 'span', 'cache', 'buster', 'bust']);

/** 'high' for a name that says secret, 'medium' for uuid/guid, undefined otherwise. */
function secretLevel(name: string | undefined): Level | undefined {
  if (name === undefined) return undefined;
  const words = nameWords(name);
  if (words.some((word) => BENIGN_WORDS.has(word))) return undefined;
  // a bare `token` may be a parser's placeholder marker; `resetToken`, `csrfToken` are not
  if (words.length === 1 && words[0] === 'token') return 'medium';
  if (words.some((word) => SECRET_WORDS.has(word))) return 'high';
  const keyAt = words.lastIndexOf('key');
  if (keyAt > 0 && KEY_CONTEXT.has(words[keyAt - 1] ?? '')) return 'high';
  if (words.includes('code') && words.some((word) => CODE_CONTEXT.has(word))) return 'high';
  // a bare `code` is often an OTP, but also a coupon or product code
  if (words.length === 1 && words[0] === 'code') return 'medium';
  if (words.some((word) => /^(?:uuid|guid)/.test(word))) return 'medium';
  return undefined;
}

function isBenignName(name: string | undefined): boolean {
  return name !== undefined && nameWords(name).some((word) => BENIGN_WORDS.has(word));
}

/** Math.random() with the global Math. */
function isMathRandom(call: CallExpression, context: Parameters<Parameters<typeof defineRule>[1]>[0]): boolean {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== 'Math') return false;
  if (staticPropertyName(callee.property, callee.computed) !== 'random') return false;
  return !isDeclared(findVariable(callee.object, context));
}

// chars.charAt(Math.floor(Math.random() * n)) and chars[Math.floor(...)]: the random value picks a
// character, and the character carries on into the token.
function pastIndexing(node: Node): Node {
  let current = node;
  for (let depth = 0; depth < 8; depth++) {
    const target = flowTarget(current);
    const carrier = target.carrier;
    const parent = ((carrier as WithParent).parent ?? undefined);
    if (parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression' && ['charAt', 'at', 'codePointAt', 'charCodeAt'].includes(staticPropertyName(parent.callee.property, parent.callee.computed) ?? '')) {
      current = parent;
      continue;
    }
    if (parent?.type === 'MemberExpression' && parent.computed && parent.property === carrier) {
      current = parent;
      continue;
    }
    return current;
  }
  return current;
}

// A comparison turns the random number into a yes/no (sampling, A/B): nothing secret flows on.
function isCompared(node: Node): boolean {
  for (let current = node, parent = ((node as WithParent).parent ?? undefined); parent !== undefined; current = parent, parent = ((parent as WithParent).parent ?? undefined)) {
    if (parent.type === 'BinaryExpression' && ['<', '>', '<=', '>=', '===', '!==', '==', '!='].includes(parent.operator)) return true;
    if (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') return parent.type === 'IfStatement' || (parent as { test: Node }).test === current;
    if (parent.type.endsWith('Statement') || parent.type === 'VariableDeclarator' || parent.type === 'Property' || parent.type === 'AssignmentExpression') return false;
  }
  return false;
}

export const insecureRandom = defineRule(
  {
    id: 'insecure-random',
    name: 'Math.random() for a secret value',
    cwe: 338,
    owasp: 'A02:2021-Cryptographic Failures',
    bandit: 'B311',
    severity: 'high',
    confidence: 'high',
    message: 'Math.random() makes a token, id, password or other secret value: its output is predictable.',
    fix: 'Use crypto.randomBytes(32).toString(\'base64url\'), crypto.randomUUID() or crypto.randomInt() for anything an attacker must not guess.',
    docs: {
      description:
        'Follows a `Math.random()` result through string building (`.toString(36)`, `.slice()`, templates, `Math.floor`, `chars.charAt(...)`) to the variable, property or function that receives it, and reports it when that name says token, secret, password, session, nonce, salt, OTP, PIN, CSRF, API/secret key, reset/verification code (high), or uuid/guid (medium). ' +
        'When the value is only accumulated (`result += chars.charAt(...)`) the enclosing function name decides (`generateToken()`). Jitter, backoff, sampling (`Math.random() < 0.1`), shuffles and UI values are not reported.',
      vulnerable: 'const resetToken = Math.random().toString(36).slice(2);\nconst otp = Math.floor(100000 + Math.random() * 900000);',
      safe: "const resetToken = crypto.randomBytes(32).toString('base64url');\nconst otp = crypto.randomInt(100000, 1000000);",
    },
  },
  (context, report) => ({
    CallExpression(node) {
      if (!isMathRandom(node, context) || isCompared(node)) return;
      const target = flowTarget(pastIndexing(node));
      const direct = secretLevel(target.name) ?? secretLevel(target.functionName);
      if (direct !== undefined) {
        report(node, { confidence: direct, detail: `(it becomes \`${target.name ?? target.functionName ?? ''}\`)` });
        return;
      }
      // result += chars.charAt(...) inside generateToken(): the function says what it is
      if (isBenignName(target.name) || !(isAccumulated(target.carrier) || ACCUMULATORS.has(target.name ?? ''))) return;
      const enclosing = namedEnclosingFunction(node);
      const level = secretLevel(enclosing);
      if (level !== undefined) report(node, { confidence: 'medium', detail: `(inside \`${enclosing ?? ''}\`)` });
    },
  }),
);

// The nearest enclosing function with a name, looking past anonymous callbacks
// (`'xxxx-4xxx'.replace(/x/g, () => (Math.random() * 16) | 0)` inside `uuidv4()`).
function namedEnclosingFunction(node: Node): string | undefined {
  for (let current: Node | undefined = node, depth = 0; current !== undefined && depth < 3; depth++) {
    let fn: Node | undefined = (current as WithParent).parent ?? undefined;
    while (fn !== undefined && fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') fn = (fn as WithParent).parent ?? undefined;
    if (fn === undefined) return undefined;
    const name = enclosingFunctionName(current);
    if (name !== undefined) return name;
    current = fn;
  }
  return undefined;
}

// Names of the string a generator builds before returning it.
const ACCUMULATORS = new Set(['result', 'res', 'str', 'string', 'out', 'output', 's', 'r', 'text', 'value', 'val', 'ret', 'retVal', 'random', 'rand', 'rnd', 'generated', 'chars', 'buf', 'buffer']);

function isAccumulated(carrier: Node): boolean {
  const parent = ((carrier as WithParent).parent ?? undefined);
  return parent?.type === 'AssignmentExpression' || (parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression' && staticPropertyName(parent.callee.property, parent.callee.computed) === 'push');
}
