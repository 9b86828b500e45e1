// One pass over the tree before any rule runs, as ESLint does: sets `parent` and `loc` on every
// node (rules may read `.parent` of any node, not only of ancestors) and records the enter/exit
// order that the rules' listeners are then called in.
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { LineIndex } from './line-index.js';

export interface AstNode {
  type: string;
  range: [number, number];
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } };
  parent?: AstNode | null;
  [key: string]: unknown;
}

const keyCache = new Map<string, readonly string[]>();
const skipKeys = new Set(['parent', 'loc', 'range', 'start', 'end', 'type', 'leadingComments', 'trailingComments']);

function keysOf(node: AstNode): readonly string[] {
  const known = (visitorKeys as Record<string, readonly string[] | undefined>)[node.type];
  if (known !== undefined) return known;
  // A node type the TS-ESTree keys do not list (an oxc-only node): walk every node-like field.
  let keys = keyCache.get(node.type);
  if (keys === undefined) {
    keys = Object.keys(node).filter((key) => !skipKeys.has(key));
    keyCache.set(node.type, keys);
  }
  return keys;
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && Array.isArray((value as { range?: unknown }).range);
}

/** Visit order: each node twice, `enter` then (after its children) `exit`. Negative index = exit. */
export function prepare(program: AstNode, lines: LineIndex): AstNode[] {
  const order: AstNode[] = [];
  program.parent = null;
  const visit = (node: AstNode): void => {
    node.loc = { start: lines.locate(node.range[0]), end: lines.locate(node.range[1]) };
    order.push(node);
    for (const key of keysOf(node)) {
      const child = node[key];
      if (Array.isArray(child)) {
        for (const item of child) {
          if (isNode(item)) {
            item.parent = node;
            visit(item);
          }
        }
      } else if (isNode(child)) {
        child.parent = node;
        visit(child);
      }
    }
    order.push(EXIT);
  };
  visit(program);
  return order;
}

/** Marker in the visit order: "exit the innermost node entered and not yet exited". */
export const EXIT: AstNode = Object.freeze({ type: '#exit', range: [0, 0] }) as AstNode;
