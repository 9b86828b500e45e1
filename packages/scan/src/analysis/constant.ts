// Constant evaluation: the value an expression has without running the program, when every part of
// it is a literal or a binding initialised with one. Follows `const` (and never-reassigned
// `let`/`var`) bindings through scope, template literals, concatenation, arithmetic, unary minus,
// arrays and objects of constants, and the TypeScript wrappers (`as`, `satisfies`, `!`).
import type { Rule } from 'eslint';
import type { Identifier, Node } from 'estree';
import { staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';
import { findVariable, isDeclared, patternPath, singleBinding } from './scope.js';

export interface StaticValue {
  readonly value: unknown;
}

const MAX_DEPTH = 24;

export function staticValue(node: Node, context: Rule.RuleContext): StaticValue | undefined {
  return evaluate(node, context, 0);
}

export function isStaticString(node: Node, context: Rule.RuleContext): boolean {
  return typeof staticValue(node, context)?.value === 'string';
}

/** The static string value of a node, or undefined. */
export function staticString(node: Node, context: Rule.RuleContext): string | undefined {
  const result = staticValue(node, context);
  return typeof result?.value === 'string' ? result.value : undefined;
}

function evaluate(node: Node, context: Rule.RuleContext, depth: number): StaticValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  const next = (child: Node): StaticValue | undefined => evaluate(child, context, depth + 1);
  switch (inner.type) {
    case 'Literal':
      return 'regex' in inner && inner.regex !== undefined ? undefined : { value: inner.value };
    case 'TemplateLiteral': {
      let text = inner.quasis[0]?.value.cooked ?? '';
      for (let i = 0; i < inner.expressions.length; i++) {
        const expression = inner.expressions[i];
        const part = expression === undefined ? undefined : next(expression);
        if (part === undefined || (typeof part.value === 'object' && part.value !== null)) return undefined;
        text += String(part.value) + (inner.quasis[i + 1]?.value.cooked ?? '');
      }
      return { value: text };
    }
    case 'BinaryExpression': {
      if (inner.left.type === 'PrivateIdentifier') return undefined;
      const left = next(inner.left);
      const right = left === undefined ? undefined : next(inner.right);
      if (left === undefined || right === undefined) return undefined;
      return binary(inner.operator, left.value, right.value);
    }
    case 'UnaryExpression': {
      const argument = next(inner.argument);
      if (argument === undefined) return undefined;
      if (inner.operator === '-' && typeof argument.value === 'number') return { value: -argument.value };
      if (inner.operator === '-' && typeof argument.value === 'bigint') return { value: -argument.value };
      if (inner.operator === '+' && typeof argument.value === 'number') return { value: argument.value };
      if (inner.operator === '!') return { value: !argument.value };
      return undefined;
    }
    case 'ArrayExpression': {
      const values: unknown[] = [];
      for (const element of inner.elements) {
        if (element === null || element.type === 'SpreadElement') return undefined;
        const item = next(element);
        if (item === undefined) return undefined;
        values.push(item.value);
      }
      return { value: values };
    }
    case 'ObjectExpression': {
      const object: Record<string, unknown> = {};
      for (const property of inner.properties) {
        if (property.type === 'SpreadElement' || property.kind !== 'init' || property.method) return undefined;
        const key = property.computed ? staticKey(property.key, context, depth) : staticPropertyName(property.key, false);
        if (key === undefined) return undefined;
        const item = next(property.value);
        if (item === undefined) return undefined;
        object[key] = item.value;
      }
      return { value: object };
    }
    case 'MemberExpression': {
      if (inner.object.type === 'Super') return undefined;
      const key = inner.computed ? staticKey(inner.property, context, depth) : staticPropertyName(inner.property, false);
      if (key === undefined) return undefined;
      const object = next(inner.object);
      if (object === undefined || typeof object.value !== 'object' || object.value === null) return undefined;
      if (!Object.prototype.hasOwnProperty.call(object.value, key)) return undefined;
      return { value: (object.value as Record<string, unknown>)[key] };
    }
    case 'Identifier':
      return evaluateIdentifier(inner, context, depth);
    default:
      return undefined;
  }
}

function staticKey(node: Node, context: Rule.RuleContext, depth: number): string | undefined {
  const key = evaluate(node, context, depth + 1);
  return typeof key?.value === 'string' || typeof key?.value === 'number' ? String(key.value) : undefined;
}

function evaluateIdentifier(identifier: Identifier, context: Rule.RuleContext, depth: number): StaticValue | undefined {
  const variable = findVariable(identifier, context);
  if (!isDeclared(variable)) return identifier.name === 'undefined' ? { value: undefined } : undefined;
  const binding = singleBinding(variable);
  if (binding === undefined) return undefined;
  const path = patternPath(binding.declarator.id, binding.name);
  if (path === undefined) return undefined;
  let result = evaluate(binding.init, context, depth + 1);
  if (result !== undefined && typeof result.value === 'object' && result.value !== null && isMutated(variable.references.map((ref) => ref.identifier as Node))) return undefined;
  for (const key of path) {
    if (result === undefined || typeof result.value !== 'object' || result.value === null || !Object.prototype.hasOwnProperty.call(result.value, key)) return undefined;
    result = { value: (result.value as Record<string, unknown>)[key] };
  }
  return result;
}

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);

// A `const` object or array is only a constant if nothing writes into it: `config.secret = env.X`,
// `list.push(x)`, `Object.assign(config, ...)`.
function isMutated(references: readonly Node[]): boolean {
  return references.some((reference) => {
    const parent = ((reference as Node & { parent?: Node }).parent ?? undefined);
    if (parent === undefined) return false;
    if (parent.type === 'MemberExpression' && parent.object === reference) {
      const outer = ((parent as Node & { parent?: Node }).parent ?? undefined);
      if (outer?.type === 'AssignmentExpression' && outer.left === parent) return true;
      if (outer?.type === 'UpdateExpression' || (outer?.type === 'UnaryExpression' && outer.operator === 'delete')) return true;
      if (outer?.type === 'CallExpression' && outer.callee === parent && MUTATORS.has(staticPropertyName(parent.property, parent.computed) ?? '')) return true;
      // config.nested.secret = ...
      if (outer?.type === 'MemberExpression' && outer.object === parent) {
        const top = ((outer as Node & { parent?: Node }).parent ?? undefined);
        if (top?.type === 'AssignmentExpression' && top.left === outer) return true;
      }
    }
    if (parent.type === 'CallExpression' && parent.arguments[0] === reference && parent.callee.type === 'MemberExpression') {
      const callee = parent.callee;
      if (callee.object.type === 'Identifier' && callee.object.name === 'Object' && staticPropertyName(callee.property, callee.computed) === 'assign') return true;
    }
    return false;
  });
}

function binary(operator: string, left: unknown, right: unknown): StaticValue | undefined {
  if (operator === '+') {
    if (typeof left === 'string' || typeof right === 'string') {
      if (isComposite(left) || isComposite(right)) return undefined;
      return { value: String(left) + String(right) };
    }
    if (typeof left === 'number' && typeof right === 'number') return { value: left + right };
    return undefined;
  }
  if (typeof left !== 'number' || typeof right !== 'number') {
    if (operator === '===' ) return { value: left === right };
    if (operator === '!==') return { value: left !== right };
    return undefined;
  }
  switch (operator) {
    case '-': return { value: left - right };
    case '*': return { value: left * right };
    case '/': return { value: left / right };
    case '%': return { value: left % right };
    case '**': return { value: left ** right };
    case '<<': return { value: left << right };
    case '>>': return { value: left >> right };
    case '|': return { value: left | right };
    case '&': return { value: left & right };
    case '===': return { value: left === right };
    case '!==': return { value: left !== right };
    case '<': return { value: left < right };
    case '>': return { value: left > right };
    default: return undefined;
  }
}

function isComposite(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
