// JWTs accepted without a real check (CWE-347): jsonwebtoken verify() that allows `none`, mixes
// HMAC and public-key algorithms (key confusion), ignores expiry or has no algorithm allow list;
// express-jwt without `algorithms`; and jwt.decode() (no signature check) whose result decides who
// the user is or what they may do.
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { resolveCallee, samePath } from '../analysis/callee.js';
import type { Callee } from '../analysis/callee.js';
import { staticValue } from '../analysis/constant.js';
import { enclosingFunctionName, lastName } from '../analysis/flow-target.js';
import { findProperty, hasSpread, objectLiteral } from '../analysis/objects.js';
import { findVariable } from '../analysis/scope.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import { defineRule } from './define.js';
import type { Report } from './define.js';

type WithParent = Node & { parent?: Node };

const JWT_MODULES = ['jsonwebtoken'];

function isJwt(callee: Callee | undefined, name: string): boolean {
  return callee?.module !== undefined && JWT_MODULES.includes(callee.module) && samePath(callee.path, [name]);
}

function family(algorithm: string): string {
  return /^HS/i.test(algorithm) ? 'hmac' : /^(?:RS|PS|ES|EdDSA)/i.test(algorithm) ? 'public-key' : algorithm.toLowerCase();
}

// A public key (RSA/EC) as the verification key: with no allow list, jsonwebtoken before 9 also
// accepts an HS256 token whose HMAC secret is that (public) key. With an HMAC secret there is no
// such confusion (and `none` has been refused with a secret since 4.2.2), so that is not reported.
function looksLikePublicKey(node: Node | undefined, context: Rule.RuleContext): boolean {
  if (node === undefined) return false;
  const text = context.sourceCode.getText(node);
  if (/public|\bpub\b|\.pub\b|cert|\.pem\b|jwks/i.test(text)) return true;
  const value = staticValue(node, context)?.value;
  return typeof value === 'string' && /-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(value);
}

const NO_ALLOW_LIST = '(a public key and no `algorithms` allow list: jsonwebtoken before 9 accepts an HS256 token signed with the public key as secret)';

function checkVerify(call: CallExpression, context: Rule.RuleContext, report: Report): void {
  const options = call.arguments[2] as Node | undefined;
  const object = objectLiteral(options, context);
  const publicKey = looksLikePublicKey(call.arguments[1] as Node | undefined, context);
  if (object === undefined) {
    // verify(token, key) or verify(token, key, callback): no allow list at all
    if (publicKey && (options === undefined || ['ArrowFunctionExpression', 'FunctionExpression'].includes(stripWrappers(options).type))) report(call, { confidence: 'medium', detail: NO_ALLOW_LIST });
    return;
  }
  const algorithms = findProperty(object, 'algorithms');
  const list = algorithms === undefined ? undefined : staticValue(algorithms.value, context)?.value;
  if (Array.isArray(list)) {
    const names = list.filter((item): item is string => typeof item === 'string');
    if (names.some((name) => name.toLowerCase() === 'none')) report(algorithms ?? call, { confidence: 'high', detail: '(`none` is allowed: unsigned tokens pass)' });
    else if (new Set(names.map(family)).size > 1) report(algorithms ?? call, { confidence: 'high', detail: `(${names.join(', ')} mixes HMAC and public-key algorithms: a token signed with the public key as HMAC secret passes)` });
  } else if (algorithms === undefined && !hasSpread(object) && publicKey) {
    report(call, { confidence: 'medium', detail: NO_ALLOW_LIST });
  }
  const ignore = findProperty(object, 'ignoreExpiration');
  if (ignore !== undefined && staticValue(ignore.value, context)?.value === true) report(ignore, { confidence: 'high', detail: '(`ignoreExpiration: true` accepts expired tokens)' });
}

const AUTHZ_PROPERTIES = new Set(['role', 'roles', 'isAdmin', 'admin', 'permissions', 'scope', 'scopes', 'groups', 'isDeluxe', 'type', 'userType', 'access', 'level']);
const USER_TARGETS = new Set(['user', 'currentUser', 'auth', 'identity', 'principal', 'account', 'session']);

/** jwt.decode(token) whose result is stored as the request's user or read for a role/permission check. */
function decodeUsedForAuth(call: CallExpression, context: Rule.RuleContext): boolean {
  let carrier: Node = call;
  let parent = ((carrier as WithParent).parent ?? undefined);
  while (parent !== undefined && ['AwaitExpression', 'TSAsExpression', 'TSNonNullExpression', 'ChainExpression', 'LogicalExpression'].includes(parent.type)) {
    carrier = parent;
    parent = ((carrier as WithParent).parent ?? undefined);
  }
  if (parent === undefined) return false;
  // req.user = jwt.decode(token)
  if (parent.type === 'AssignmentExpression' && parent.right === carrier) return USER_TARGETS.has(lastName(parent.left) ?? '');
  // jwt.decode(token).role === 'admin'
  if (parent.type === 'MemberExpression' && parent.object === carrier) return AUTHZ_PROPERTIES.has(staticPropertyName(parent.property, parent.computed) ?? '');
  if (parent.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return false;
  const variable = findVariable(parent.id, context);
  return (variable?.references ?? []).some((reference) => {
    const use = ((reference.identifier as WithParent).parent ?? undefined);
    if (use?.type === 'MemberExpression' && use.object === reference.identifier) return AUTHZ_PROPERTIES.has(staticPropertyName(use.property, use.computed) ?? '') || (staticPropertyName(use.property, use.computed) === 'payload' && AUTHZ_PROPERTIES.has(lastName(((use as WithParent).parent ?? undefined) ?? use) ?? ''));
    if (use?.type === 'AssignmentExpression' && use.right === reference.identifier) return USER_TARGETS.has(lastName(use.left) ?? '');
    return false;
  });
}

/** A jwt.verify in the same function (the `verify(t) && decode(t)` pattern checks the signature first). */
function verifiedNearby(call: CallExpression, context: Rule.RuleContext): boolean {
  let fn: Node | undefined = ((call as WithParent).parent ?? undefined);
  while (fn !== undefined && !['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'Program'].includes(fn.type)) fn = ((fn as WithParent).parent ?? undefined);
  if (fn === undefined) return false;
  const [start, end] = (fn as Node & { range: [number, number] }).range;
  const text = context.sourceCode.text.slice(start, end);
  return /\.verify\s*\(|\bverify\w*\s*\(/.test(text);
}

export const jwtInsecureVerify = defineRule(
  {
    id: 'jwt-insecure-verify',
    name: 'JWT accepted without a proper check',
    cwe: 347,
    owasp: 'A07:2021-Identification and Authentication Failures',
    severity: 'high',
    confidence: 'medium',
    message: 'A JWT is accepted without a proper signature or expiry check: forged or stale tokens pass.',
    fix: "Verify with an explicit allow list of one algorithm family, e.g. jwt.verify(token, key, { algorithms: ['RS256'] }); never authorize from jwt.decode(); keep expiry checks on.",
    docs: {
      description:
        'jsonwebtoken `verify()`: `algorithms` containing `none` or mixing HMAC (`HS*`) with public-key algorithms (high), `ignoreExpiration: true` (high), a public key with no `algorithms` allow list (medium: jsonwebtoken before 9 then accepts HS256 tokens signed with the public key; 9 infers the family from the key; an HMAC secret without a list is not reported). ' +
        '`jwt.sign()` with `algorithm: \'none\'` (high). `express-jwt` without `algorithms` (medium; required since express-jwt 6). `jwt.decode()` whose result is assigned to `req.user` or read for a role or permission, with no `verify` in the same function (medium). ' +
        "jose's `jwtVerify` is not reported without `algorithms`: jose ties the algorithm to the key's type and never accepts `none`.",
      vulnerable: "const user = jwt.verify(token, publicKey, { algorithms: ['HS256', 'RS256'] });\nconst claims = jwt.decode(req.headers.authorization);\nif (claims.role === 'admin') next();",
      safe: "const user = jwt.verify(token, publicKey, { algorithms: ['RS256'] });",
    },
  },
  (context, report) => ({
    CallExpression(node) {
      const callee = resolveCallee(node, context);
      if (isJwt(callee, 'verify')) return checkVerify(node, context, report);
      // jwt.sign(payload, key, { algorithm: 'none' }): an unsigned token that any verifier allowing `none` accepts
      if (isJwt(callee, 'sign')) {
        const options = objectLiteral(node.arguments[2] as Node | undefined, context);
        const algorithm = options === undefined ? undefined : findProperty(options, 'algorithm');
        if (algorithm !== undefined && String(staticValue(algorithm.value, context)?.value).toLowerCase() === 'none') report(algorithm, { confidence: 'high', detail: '(tokens are issued unsigned)' });
        return;
      }
      if (isJwt(callee, 'decode')) {
        if (decodeUsedForAuth(node, context) && !verifiedNearby(node, context)) report(node, { confidence: 'medium', detail: `(jwt.decode does not check the signature${enclosingFunctionName(node) === undefined ? '' : ` in \`${enclosingFunctionName(node) ?? ''}\``})` });
        return;
      }
      if (callee?.module === 'express-jwt' && (callee.path.length === 0 || samePath(callee.path, ['expressjwt']))) {
        const object = objectLiteral(node.arguments[0] as Node | undefined, context);
        if (object !== undefined && !hasSpread(object) && findProperty(object, 'algorithms') === undefined) report(node, { confidence: 'medium', detail: '(express-jwt without `algorithms` accepts any algorithm the token names)' });
      }
    },
  }),
);
