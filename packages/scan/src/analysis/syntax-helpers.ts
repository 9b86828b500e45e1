// ESTree helpers for callee resolution and constant evaluation: stripping TypeScript-only wrappers
// and reading the static name of a property. typescript-eslint nodes (TSAsExpression, ...) are not in
// @types/estree, so they are recognised by their `type` string.
import type { Node } from 'estree';

const TS_WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression']);

interface Wrapper {
  readonly type: string;
  readonly expression: Node;
}

/** `x as T`, `x satisfies T`, `x!`, `<T>x`, `a?.b` (the chain itself) all evaluate to their inner expression. */
export function stripWrappers(node: Node): Node {
  let current = node;
  for (;;) {
    if (TS_WRAPPERS.has(current.type)) current = (current as unknown as Wrapper).expression;
    else if (current.type === 'ChainExpression') current = current.expression;
    else return current;
  }
}

/** The parent of a node, skipping the TS wrappers and chains that stripWrappers() strips. */
export function outerParent(node: Node): Node | undefined {
  let parent = ((node as Node & { parent?: Node }).parent ?? undefined);
  while (parent !== undefined && (TS_WRAPPERS.has(parent.type) || parent.type === 'ChainExpression')) parent = ((parent as Node & { parent?: Node }).parent ?? undefined);
  return parent;
}

/** The static name of `obj.name`, `obj['name']`, or of a property key `{ name: ... }` / `{ 'name': ... }`. */
export function staticPropertyName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}
