// Whether a key expression is fixed in the source: a string literal or constant, the same wrapped in
// `Buffer.from()`, `new TextEncoder().encode()` or `crypto.createSecretKey()`, an array of such keys
// (cookie-session `keys`), or a literal fallback (`process.env.JWT_SECRET || 'dev-secret'`).
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { resolveCallee, samePath } from './callee.js';
import { staticValue } from './constant.js';
import { findVariable, singleBinding } from './scope.js';
import { stripWrappers } from './syntax-helpers.js';

export interface StaticKey {
  /** The key's text. */
  readonly value: string;
  /** True when the literal is only the fallback of an environment or config look-up. */
  readonly fallback: boolean;
  /** The constant the key comes from, when it is not written at the use. */
  readonly constant: string | undefined;
}

export function staticKey(node: Node, context: Rule.RuleContext, depth = 0): StaticKey | undefined {
  if (depth > 6) return undefined;
  const inner = stripWrappers(node);
  if (inner.type === 'LogicalExpression' && (inner.operator === '||' || inner.operator === '??')) {
    if (staticValue(inner.left, context) !== undefined) return staticKey(inner.left, context, depth + 1);
    const right = staticKey(inner.right, context, depth + 1);
    return right === undefined ? undefined : { ...right, fallback: true };
  }
  if (inner.type === 'ArrayExpression') {
    for (const element of inner.elements) {
      if (element === null || element.type === 'SpreadElement') continue;
      const key = staticKey(element, context, depth + 1);
      if (key !== undefined) return key;
    }
    return undefined;
  }
  const value = staticValue(inner, context)?.value;
  if (typeof value === 'string') return { value, fallback: false, constant: inner.type === 'Identifier' || inner.type === 'MemberExpression' ? context.sourceCode.getText(inner) : undefined };
  // const secret = new TextEncoder().encode('...'); ... .sign(secret)
  if (inner.type === 'Identifier') {
    const binding = singleBinding(findVariable(inner, context));
    if (binding === undefined || binding.declarator.id !== binding.name) return undefined;
    const bound = staticKey(binding.init, context, depth + 1);
    return bound === undefined ? undefined : { ...bound, constant: bound.constant ?? inner.name };
  }
  const wrapped = wrappedKey(inner, context);
  return wrapped === undefined ? undefined : staticKey(wrapped, context, depth + 1);
}

// Buffer.from(x), new TextEncoder().encode(x), crypto.createSecretKey(x): the inner x
function wrappedKey(node: Node, context: Rule.RuleContext): Node | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const [first] = node.arguments;
  if (first === undefined || first.type === 'SpreadElement') return undefined;
  const callee = node.callee;
  if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') {
    const object = stripWrappers(callee.object);
    if (callee.property.name === 'encode' && object.type === 'NewExpression' && object.callee.type === 'Identifier' && object.callee.name === 'TextEncoder') return first;
    if (callee.property.name === 'from' && object.type === 'Identifier' && object.name === 'Buffer') return first;
  }
  const resolved = resolveCallee(node, context);
  if (resolved !== undefined && (resolved.module === 'crypto' ? samePath(resolved.path, ['createSecretKey']) : resolved.module === undefined && samePath(resolved.path, ['crypto', 'createSecretKey']))) return first;
  return undefined;
}
