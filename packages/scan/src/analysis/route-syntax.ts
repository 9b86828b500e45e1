// Small syntax helpers shared by the route model and the access-control and injection rules:
// a child walk (visitor keys, any unknown node type read generically), names of members and callees, literal strings.
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { CallExpression, Expression, Function as FunctionNode, Node, Pattern, PrivateIdentifier, Super } from 'estree';

export type FunctionLike = FunctionNode;

const SKIPPED_KEYS = new Set(['parent', 'loc', 'range', 'leadingComments', 'trailingComments', 'tokens', 'comments']);
/** The visitor keys, plus oxc's `Program.hashbang` (a node the TS-ESTree keys do not list). */
const VISITOR_KEYS: Readonly<Record<string, readonly string[] | undefined>> = { ...visitorKeys, Program: [...(visitorKeys.Program ?? []), 'hashbang'] };

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Direct children of a node, in source order. Known types (ESTree and TS-ESTree) are read through
 * @typescript-eslint/visitor-keys, as ESLint traverses; any other type (an oxc-only node) through
 * every node-valued property. Sorted by position: parsers order an object's keys differently
 * (typescript-estree and the engine's oxc AST), and "the first match" must not depend on that.
 */
export function childrenOf(node: Node): Node[] {
  const keys = VISITOR_KEYS[node.type];
  if (keys === undefined) return genericChildren(node);
  const children: Node[] = [];
  const record = node as unknown as Readonly<Record<string, unknown>>;
  for (const key of keys) {
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) children.push(value);
  }
  const sorted = sortByStart(children);
  // Children starting at the same offset (`{ a }`, `export { a }`) keep the object's key order, as
  // the generic read does: the visitor keys may list them the other way round.
  for (let index = 1; index < sorted.length; index += 1) if (start(sorted[index - 1] as Node) === start(sorted[index] as Node)) return genericChildren(node);
  return sorted;
}

function genericChildren(node: Node): Node[] {
  const children: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    if (Array.isArray(value)) for (const item of value) if (isNode(item)) children.push(item);
    if (isNode(value)) children.push(value);
  }
  return sortByStart(children);
}

/** Sorted by start (stable); an already sorted array is returned as it is. */
function sortByStart(children: Node[]): Node[] {
  for (let index = 1; index < children.length; index += 1) {
    if (start(children[index - 1] as Node) > start(children[index] as Node)) return children.sort((a, b) => start(a) - start(b));
  }
  return children;
}

function start(node: Node): number {
  return (node as Node & { range?: [number, number]; start?: number }).range?.[0] ?? (node as { start?: number }).start ?? 0;
}

/**
 * Visits every node under `root` (root included). `enter` returning false skips that node's
 * children; nested functions are visited unless `enter` says otherwise.
 */
export function walk(root: Node, enter: (node: Node) => boolean | void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (enter(node) === false) continue;
    const children = childrenOf(node);
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index] as Node);
  }
}

export function isFunction(node: Node | null | undefined): node is FunctionLike {
  return node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionDeclaration';
}

/** The static name of a property key (`a.b`, `a['b']`, `{ b: 1 }`), or undefined. */
export function keyName(key: Expression | PrivateIdentifier | Super | Pattern, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function memberName(node: Node): string | undefined {
  return node.type === 'MemberExpression' ? keyName(node.property, node.computed) : undefined;
}

/** The last name of a callee: `f` for `f()`, `g` for `a.b.g()`. */
export function calleeName(call: CallExpression | Node): string | undefined {
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return undefined;
  const callee = call.callee;
  if (callee.type === 'Identifier') return callee.name;
  return memberName(callee);
}

/** The string of a literal or an expression-free template literal. */
export function literalString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `a.b.c` as ['a', 'b', 'c'] (also through `this`, calls are not followed), or undefined. */
export function memberPath(node: Node): string[] | undefined {
  if (node.type === 'Identifier') return [node.name];
  if (node.type === 'ThisExpression') return ['this'];
  if (node.type === 'ChainExpression') return memberPath(node.expression);
  if (node.type === 'TSNonNullExpression' as string) return memberPath((node as unknown as { expression: Node }).expression);
  if (node.type !== 'MemberExpression') return undefined;
  const name = keyName(node.property, node.computed);
  if (name === undefined) return undefined;
  const head = memberPath(node.object);
  return head === undefined ? undefined : [...head, name];
}

/** Strips TypeScript-only wrappers (`x as T`, `x!`, `<T>x`, `x satisfies T`) and `await`. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    const type = current.type as string;
    if (type === 'TSAsExpression' || type === 'TSNonNullExpression' || type === 'TSTypeAssertion' || type === 'TSSatisfiesExpression' || type === 'AwaitExpression' || type === 'ChainExpression') {
      current = (current as unknown as { expression?: Node; argument?: Node }).expression ?? (current as unknown as { argument: Node }).argument;
      continue;
    }
    return current;
  }
}

export function parentOf(node: Node): Node | undefined {
  return (node as Node & { parent?: Node }).parent ?? undefined;
}

/** Decorators of a class, method or parameter (typescript-eslint puts them on the node). */
export function decoratorsOf(node: Node): CallOrName[] {
  const decorators = (node as unknown as { decorators?: { expression: Node }[] }).decorators ?? [];
  return decorators.map((decorator) => {
    const expression = decorator.expression;
    if (expression.type === 'CallExpression') return { name: calleeName(expression), args: expression.arguments as Node[], node: expression };
    return { name: expression.type === 'Identifier' ? expression.name : memberName(expression), args: [], node: expression };
  });
}

export interface CallOrName {
  readonly name: string | undefined;
  readonly args: readonly Node[];
  readonly node: Node;
}
