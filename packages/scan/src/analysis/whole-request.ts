// The client's whole object (not one field of it): `req.body`, `req.query`, `ctx.request.body`,
// `await c.req.json()`, `request.body` in Fastify, and copies that keep every key the client sent
// (`{ ...req.body }`, `Object.assign({}, req.body)`, `const { id, ...rest } = req.body`,
// `_.omit(req.body, 'role')`, `structuredClone(req.body)`). Picking fields (`_.pick`, a
// destructuring of named fields, a schema's parse result) is no longer the whole object.
// NestJS `@Body() dto: SomeDto` is left out: a DTO class with the global ValidationPipe
// (`whitelist: true`) strips unknown fields, and that configuration lives in another file.
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { resolveCallee } from './callee.js';
import { findVariable, singleBinding } from './scope.js';
import { requestSourceOf } from './sources.js';
import { staticPropertyName, stripWrappers } from './syntax-helpers.js';

export interface WholeRequest {
  /** How the source reads, e.g. `req.body`. */
  readonly source: string;
  /** False when a spread or rest only keeps most of it (`{ ...req.body, role: 'user' }`). */
  readonly exact: boolean;
}

/** Sources that are objects of client-chosen keys. */
const OBJECT_SOURCES = /\.(?:body|query|params|payload|json\(\)|parseBody\(\)|formData\(\))$/;
/** lodash / underscore functions that copy every key (deep or not). */
const COPIES = new Set(['clone', 'cloneDeep', 'omit', 'toPlainObject', 'structuredClone', 'assign', 'extend', 'assignIn', 'merge', 'defaults']);

/**
 * `req.body.article`: an object the client nests in its body, where the code expects an object
 * (the values argument of a model). Not exact: it may be a scalar field the sink stringifies.
 */
export function nestedRequestObjectOf(node: Node, context: Rule.RuleContext): WholeRequest | undefined {
  const inner = stripWrappers(node);
  if (inner.type !== 'MemberExpression') return undefined;
  const name = staticPropertyName(inner.property, inner.computed);
  if (name === undefined || SCALAR_FIELDS.test(name)) return undefined;
  const whole = wholeRequestOf(inner.object, context);
  return whole === undefined || !/\.(?:body|payload|json\(\))$/.test(whole.source) ? undefined : { source: `${whole.source}.${name}`, exact: false };
}

/** Field names that hold a scalar, not an object of fields. */
const SCALAR_FIELDS = /^(?:id|_id|\w+Id|name|email|password|title|text|message|token|code|url|type|status|count|page|limit|q|query|search)$/i;

export function wholeRequestOf(node: Node, context: Rule.RuleContext, depth = 0): WholeRequest | undefined {
  if (depth > 6) return undefined;
  let inner = stripWrappers(node);
  while (inner.type === 'AwaitExpression') inner = stripWrappers(inner.argument);
  if (inner.type === 'LogicalExpression' && (inner.operator === '||' || inner.operator === '??')) return wholeRequestOf(inner.left, context, depth + 1);
  const source = requestSourceOf(inner, context);
  if (source !== undefined) return OBJECT_SOURCES.test(source.source) ? { source: source.source, exact: true } : undefined;
  if (inner.type === 'ObjectExpression') {
    for (const property of inner.properties) {
      if (property.type !== 'SpreadElement') continue;
      const spread = wholeRequestOf(property.argument, context, depth + 1);
      if (spread !== undefined) return { source: spread.source, exact: spread.exact && inner.properties.length === 1 };
    }
    return undefined;
  }
  if (inner.type === 'Identifier') {
    const binding = singleBinding(findVariable(inner, context));
    if (binding === undefined) return undefined;
    if (binding.declarator.id === binding.name) return wholeRequestOf(binding.init, context, depth + 1);
    // const { role, ...rest } = req.body
    const pattern = binding.declarator.id;
    if (pattern.type === 'ObjectPattern' && pattern.properties.some((p) => p.type === 'RestElement' && p.argument === binding.name)) {
      const whole = wholeRequestOf(binding.init, context, depth + 1);
      return whole === undefined ? undefined : { source: whole.source, exact: false };
    }
    return undefined;
  }
  if (inner.type === 'CallExpression') {
    const callee = stripWrappers(inner.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticPropertyName(callee.property, callee.computed) : undefined;
    if (name === undefined) return undefined;
    // JSON.parse(JSON.stringify(req.body))
    if (name === 'parse' && callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'JSON') {
      const arg = inner.arguments[0];
      const nested = arg !== undefined && arg.type === 'CallExpression' ? arg.arguments[0] : undefined;
      return nested === undefined || nested.type === 'SpreadElement' ? undefined : wholeRequestOf(nested, context, depth + 1);
    }
    const resolved = resolveCallee(inner, context);
    const isObjectAssign = resolved?.module === undefined && resolved?.path.join('.') === 'Object.assign';
    const isLodash = resolved?.module !== undefined && /^(?:lodash|underscore|lodash\.\w+)$/.test(resolved.module);
    if (!isObjectAssign && !isLodash && name !== 'structuredClone') return undefined;
    if (!COPIES.has(name) && !isObjectAssign) return undefined;
    for (const arg of inner.arguments) {
      if (arg.type === 'SpreadElement') continue;
      const whole = wholeRequestOf(arg, context, depth + 1);
      if (whole !== undefined) return { source: whole.source, exact: whole.exact && name !== 'omit' };
    }
  }
  return undefined;
}
