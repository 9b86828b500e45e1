// Allow-list guards (best effort): a use of `x` that only runs when `x` is one of a known set of
// values carries no attacker-chosen text. Recognised, for the same expression text as the use:
//   if (ALLOWED.includes(x)) { use(x) }          ALLOWED.has(x) ? x : 'id'
//   if (!ALLOWED.includes(x)) return/throw ...; use(x)
//   x === 'asc' && use(x)                         switch (x) { case 'a': use(x) }
//   typeof x === 'number'                         /^[a-z]+$/.test(x)  (an anchored pattern)
//   validator.isInt(x) / isUUID / isNumeric / isAlphanumeric ...
//   if (isNaN(x)) return; Number.isInteger(Number(x))
import type { Rule } from 'eslint';
import type { Expression, Node, Statement } from 'estree';
import { outerParent as parentOf, staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';

const MEMBERSHIP_METHODS = new Set(['includes', 'has']);
const VALIDATOR_CHECKS = /^is(?:Int|Integer|Numeric|Number|UUID|Uuid|Alphanumeric|Alpha|Boolean|MongoId|Hexadecimal|Decimal|Float|Port|SafeInteger|ISO8601|Date)$/;

export function guardedByAllowList(use: Node, context: Rule.RuleContext): boolean {
  const text = context.sourceCode.getText(use);
  let child: Node = use;
  for (let parent = parentOf(use); parent !== undefined; child = parent, parent = parentOf(parent)) {
    switch (parent.type) {
      case 'IfStatement':
      case 'ConditionalExpression':
        if (child === parent.consequent && asserts(parent.test, text, context, true)) return true;
        if (child === parent.alternate && asserts(parent.test, text, context, false)) return true;
        break;
      case 'LogicalExpression':
        if (child === parent.right && parent.operator === '&&' && asserts(parent.left, text, context, true)) return true;
        if (child === parent.right && parent.operator === '||' && asserts(parent.left, text, context, false)) return true;
        break;
      case 'SwitchCase': {
        const switcher = parentOf(parent);
        if (parent.test !== null && parent.test !== undefined && parent.test.type === 'Literal' && switcher?.type === 'SwitchStatement' && context.sourceCode.getText(switcher.discriminant) === text) return true;
        if (earlierExit(parent.consequent, child, text, context)) return true;
        break;
      }
      case 'BlockStatement':
      case 'Program':
      case 'StaticBlock':
        if (earlierExit(parent.body as Statement[], child, text, context)) return true;
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return false; // a guard outside the function does not hold for every call of it
      default:
        break;
    }
  }
  return false;
}

/** A statement before `child` in `body` that exits unless `text` is allowed: `if (!ALLOWED.has(x)) return;`. */
function earlierExit(body: readonly Node[], child: Node, text: string, context: Rule.RuleContext): boolean {
  for (const statement of body) {
    if (statement === child) return false;
    if (statement.type === 'IfStatement' && asserts(statement.test, text, context, false) && exits(statement.consequent)) return true;
  }
  return false;
}

function exits(statement: Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type === 'BlockStatement') {
    const last = statement.body.at(-1);
    return last !== undefined && exits(last);
  }
  return false;
}

/**
 * True when `test` being `outcome` implies that `text` holds an allowed value. `outcome` false
 * inverts: `!ALLOWED.includes(x)` being false means x is allowed.
 */
function asserts(test: Expression, text: string, context: Rule.RuleContext, outcome: boolean): boolean {
  const inner = unwrap(test) as Expression;
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return asserts(inner.argument, text, context, !outcome);
  if (inner.type === 'LogicalExpression') {
    // (a && b) true: both hold; (a || b) false: both fail
    if (inner.operator === '&&' && outcome) return asserts(inner.left, text, context, true) || asserts(inner.right, text, context, true);
    if (inner.operator === '||' && !outcome) return asserts(inner.left, text, context, false) || asserts(inner.right, text, context, false);
    return false;
  }
  if (inner.type === 'BinaryExpression') {
    const positive = inner.operator === '===' || inner.operator === '==';
    const negative = inner.operator === '!==' || inner.operator === '!=';
    if (!positive && !negative) return false;
    if (positive !== outcome) {
      // ALLOWED.indexOf(x) === -1 being false
      return isIndexOfMinusOne(inner, text, context);
    }
    return equalsConstant(inner.left, inner.right, text, context) || equalsConstant(inner.right, inner.left, text, context);
  }
  // isNaN(x) / isNaN(Number(x)) / Number.isNaN(Number(x)) being false: x reads as a number
  if (!outcome) return inner.type === 'CallExpression' && isNanCheck(inner, text, context);
  if (inner.type === 'CallExpression') return isMembership(inner, text, context);
  return false;
}

function isNanCheck(call: Expression, text: string, context: Rule.RuleContext): boolean {
  if (call.type !== 'CallExpression') return false;
  const callee = context.sourceCode.getText(call.callee);
  const [argument] = call.arguments;
  if (argument === undefined || (callee !== 'isNaN' && callee !== 'Number.isNaN')) return false;
  const argumentText = context.sourceCode.getText(argument);
  return (callee === 'isNaN' && argumentText === text) || argumentText === `Number(${text})`;
}

function isMembership(call: Expression, text: string, context: Rule.RuleContext): boolean {
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return false;
  const [argument] = call.arguments;
  if (argument === undefined) return false;
  const method = staticPropertyName(call.callee.property, call.callee.computed) ?? '';
  const argumentText = context.sourceCode.getText(argument);
  // Number.isInteger(Number(x))
  if ((method === 'isInteger' || method === 'isSafeInteger') && argumentText === `Number(${text})`) return unwrap(call.callee.object).type === 'Identifier';
  if (argumentText !== text) return false;
  if (MEMBERSHIP_METHODS.has(method)) return true;
  if (VALIDATOR_CHECKS.test(method)) return true;
  if (method === 'test' || method === 'isInteger' || method === 'isSafeInteger') {
    const regex = unwrap(call.callee.object);
    if (regex.type === 'Identifier' && (regex.name === 'Number')) return true;
    return regex.type === 'Literal' && 'regex' in regex && regex.regex !== undefined && /^\^.*\$$/.test(regex.regex.pattern) && !/\.[*+]/.test(regex.regex.pattern);
  }
  return false;
}

function equalsConstant(side: Node, other: Node, text: string, context: Rule.RuleContext): boolean {
  const value = unwrap(other);
  if (value.type !== 'Literal' || 'regex' in value) return false;
  const target = unwrap(side);
  // typeof x === 'number' / 'boolean'
  if (target.type === 'UnaryExpression' && target.operator === 'typeof') return context.sourceCode.getText(target.argument) === text && (value.value === 'number' || value.value === 'boolean');
  return context.sourceCode.getText(target) === text && value.value !== null;
}

function isIndexOfMinusOne(binary: Expression, text: string, context: Rule.RuleContext): boolean {
  if (binary.type !== 'BinaryExpression') return false;
  const [call, minus] = [unwrap(binary.left), unwrap(binary.right)];
  if (minus.type !== 'UnaryExpression' || minus.operator !== '-' || call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return false;
  const [argument] = call.arguments;
  return staticPropertyName(call.callee.property, call.callee.computed) === 'indexOf' && argument !== undefined && context.sourceCode.getText(argument) === text;
}
