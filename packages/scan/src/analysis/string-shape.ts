// The shape of a string being built: its constant text, with a placeholder where a non-constant
// part goes, and those parts. `'SELECT * FROM t WHERE id = ' + id` has the text
// `SELECT * FROM t WHERE id = \u0000` and one dynamic part, `id`. Follows concatenation, template
// literals, `+=` on a variable, const bindings, conditionals (both branches), `[...].join()`,
// `.concat()` and `util.format`. Rules read the text (does it look like SQL, like HTML, is the
// part in a value position?) and ask the taint analysis about the parts.
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { staticValue } from './constant.js';
import { findVariable } from './scope.js';
import { outerParent as parentOf, staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';

export const PLACEHOLDER = '\u0000';

export interface StringShape {
  readonly text: string;
  readonly dynamic: readonly Node[];
}

const MAX_DEPTH = 12;

export function stringShape(node: Node, context: Rule.RuleContext): StringShape {
  const dynamic: Node[] = [];
  const text = build(node, context, dynamic, 0, new Set());
  return { text, dynamic };
}

function build(node: Node, context: Rule.RuleContext, dynamic: Node[], depth: number, seen: Set<Node>): string {
  const inner = unwrap(node);
  const constant = staticValue(inner, context);
  if (constant !== undefined && (typeof constant.value === 'string' || typeof constant.value === 'number' || typeof constant.value === 'boolean')) return String(constant.value);
  const dynamicPart = (): string => {
    dynamic.push(inner);
    return PLACEHOLDER;
  };
  if (depth > MAX_DEPTH || seen.has(inner)) return dynamicPart();
  seen.add(inner);
  const next = (child: Node): string => build(child, context, dynamic, depth + 1, seen);
  switch (inner.type) {
    case 'TemplateLiteral': {
      let text = inner.quasis[0]?.value.cooked ?? '';
      inner.expressions.forEach((expression, index) => {
        text += next(expression) + (inner.quasis[index + 1]?.value.cooked ?? '');
      });
      return text;
    }
    case 'BinaryExpression':
      if (inner.operator !== '+' || inner.left.type === 'PrivateIdentifier') return dynamicPart();
      return next(inner.left) + next(inner.right);
    case 'ConditionalExpression':
      return next(inner.consequent) + next(inner.alternate);
    case 'LogicalExpression':
      return next(inner.left) + next(inner.right);
    case 'Identifier':
      return identifier(inner, context, dynamic, depth, seen) ?? dynamicPart();
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      if (callee.type !== 'MemberExpression') return dynamicPart();
      const method = staticPropertyName(callee.property, callee.computed);
      const receiver = unwrap(callee.object);
      if (method === 'join' && receiver.type === 'ArrayExpression') {
        const separator = inner.arguments[0] === undefined ? ',' : next(inner.arguments[0]);
        return receiver.elements.map((element) => (element === null ? '' : next(element))).join(separator);
      }
      if (method === 'concat') return next(receiver) + inner.arguments.map((argument) => next(argument)).join('');
      if (method === 'format' && receiver.type === 'Identifier' && receiver.name === 'util') return inner.arguments.map((argument) => next(argument)).join(' ');
      if (method === 'trim' || method === 'trimEnd' || method === 'trimStart') return next(receiver);
      return dynamicPart();
    }
    default:
      return dynamicPart();
  }
}

/** A variable's text: its initialiser followed by every `+=` and assignment to it, in order. */
function identifier(node: Node & { type: 'Identifier' }, context: Rule.RuleContext, dynamic: Node[], depth: number, seen: Set<Node>): string | undefined {
  const variable = findVariable(node, context);
  if (variable === undefined || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def?.type !== 'Variable' || def.node.id.type !== 'Identifier') return undefined;
  const loop = parentOf(def.parent);
  if (loop?.type === 'ForOfStatement' || loop?.type === 'ForInStatement') return undefined;
  const pieces: string[] = [];
  if (def.node.init !== null && def.node.init !== undefined) pieces.push(build(def.node.init, context, dynamic, depth + 1, seen));
  for (const reference of variable.references) {
    if (reference.init === true || !reference.isWrite() || reference.writeExpr === null || reference.writeExpr === undefined) continue;
    // only writes before the use count (a later `sql = ''` reset is another query)
    const use = node.range?.[0] ?? 0;
    if ((reference.identifier.range?.[0] ?? 0) > use) continue;
    pieces.push(build(reference.writeExpr, context, dynamic, depth + 1, seen));
  }
  return pieces.join('');
}

/**
 * True when a part carries no text an attacker could shape: a number, boolean, date, length or
 * count (`Number(x)`, `parseInt(x)`, `x.length`, `a * b`, `limit` initialised so), or a typed
 * number parameter.
 */
export function isNumericLike(node: Node, context: Rule.RuleContext, depth = 0): boolean {
  const inner = unwrap(node);
  if (depth > 6) return false;
  switch (inner.type) {
    case 'Literal':
      return typeof inner.value === 'number' || typeof inner.value === 'boolean';
    case 'UnaryExpression':
      return inner.operator !== 'typeof';
    case 'UpdateExpression':
      return true;
    case 'LogicalExpression':
      return isNumericLike(inner.left, context, depth + 1) && isNumericLike(inner.right, context, depth + 1);
    case 'ConditionalExpression':
      return isNumericLike(inner.consequent, context, depth + 1) && isNumericLike(inner.alternate, context, depth + 1);
    case 'BinaryExpression':
      return inner.operator !== '+' || (inner.left.type !== 'PrivateIdentifier' && isNumericLike(inner.left, context, depth + 1) && isNumericLike(inner.right, context, depth + 1));
    case 'MemberExpression':
      return ['length', 'size'].includes(staticPropertyName(inner.property, inner.computed) ?? '');
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      if (callee.type === 'Identifier') return ['Number', 'parseInt', 'parseFloat', 'Boolean', 'BigInt'].includes(callee.name);
      if (callee.type === 'MemberExpression') {
        const method = staticPropertyName(callee.property, callee.computed) ?? '';
        if (callee.object.type === 'Identifier' && (callee.object.name === 'Math' || callee.object.name === 'Number' || callee.object.name === 'Date')) return true;
        return ['toFixed', 'getTime', 'valueOf', 'toISOString', 'indexOf', 'getFullYear', 'getMonth', 'getDate', 'getHours'].includes(method);
      }
      return false;
    }
    case 'NewExpression':
      return inner.callee.type === 'Identifier' && inner.callee.name === 'Date';
    case 'Identifier': {
      const variable = findVariable(inner, context);
      const def = variable?.defs[0];
      if (def === undefined || variable?.defs.length !== 1) return false;
      const annotation = (def.name as Node & { typeAnnotation?: { typeAnnotation?: { type: string } } }).typeAnnotation?.typeAnnotation?.type;
      if (annotation === 'TSNumberKeyword' || annotation === 'TSBooleanKeyword' || annotation === 'TSBigIntKeyword') return true;
      if (def.type !== 'Variable' || def.node.init === null || def.node.init === undefined || def.node.id.type !== 'Identifier') return false;
      const writes = variable.references.filter((reference) => reference.isWrite() && reference.init !== true);
      return writes.every((reference) => reference.writeExpr !== undefined && reference.writeExpr !== null && isNumericLike(reference.writeExpr, context, depth + 1)) && isNumericLike(def.node.init, context, depth + 1);
    }
    default:
      return false;
  }
}
