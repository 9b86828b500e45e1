// "Was it checked first?": whether some test in the functions around a sink, written before the
// sink, matches a predicate (a host comparison, a `startsWith` containment check...). Position is
// all that is compared (not control flow): generous on purpose, since a missed check costs a
// false positive and the rules using this put precision first.
import type { Node } from 'estree';
import { walk } from './route-syntax.js';

type Ranged = Node & { range?: [number, number]; parent?: Node };

export function checkedBefore(use: Node, predicate: (node: Node) => boolean): boolean {
  const start = (use as Ranged).range?.[0] ?? Number.POSITIVE_INFINITY;
  let scope: Node | undefined;
  for (let current: Ranged | undefined = use as Ranged; current !== undefined; current = (current.parent ?? undefined) as Ranged | undefined) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') scope = current;
  }
  if (scope === undefined) return false;
  let found = false;
  walk(scope, (node) => {
    if (found) return false;
    const range = (node as Ranged).range;
    if (range !== undefined && range[0] >= start) return false;
    if (range !== undefined && range[1] <= start && predicate(node)) found = true;
    return found ? false : undefined;
  });
  return found;
}
