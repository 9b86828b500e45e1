// Scope look-ups through ESLint's scope manager: which variable an identifier refers to, and the
// single value it was initialised with (a `const`, or a `let`/`var` that is never reassigned; old
// CommonJS code writes `var crypto = require('crypto')`).
import type { Rule, Scope } from 'eslint';
import type { Identifier, Node, Pattern, VariableDeclarator } from 'estree';

// Every reference of a file by its identifier node, built once per scope manager: a linear search
// of scope.references per look-up is quadratic on large modules.
const referenceIndex = new WeakMap<Scope.ScopeManager, Map<unknown, Scope.Reference>>();

function referenceOf(identifier: Identifier, context: Rule.RuleContext): Scope.Reference | undefined {
  const manager = context.sourceCode.scopeManager;
  let index = referenceIndex.get(manager);
  if (index === undefined) {
    index = new Map();
    for (const scope of manager.scopes) for (const reference of scope.references) index.set(reference.identifier, reference);
    referenceIndex.set(manager, index);
  }
  return index.get(identifier);
}

/** The variable `identifier` refers to; undefined for an undeclared global. */
export function findVariable(identifier: Identifier, context: Rule.RuleContext): Scope.Variable | undefined {
  // Prefer the exact reference (it knows about shadowing and TDZ); fall back to a name look-up
  // (a declaration's own identifier, or a property key, has no reference).
  const reference = referenceOf(identifier, context);
  if (reference !== undefined) return reference.resolved ?? undefined;
  let scope: Scope.Scope | null = context.sourceCode.getScope(identifier);
  for (; scope !== null; scope = scope.upper) {
    const variable = scope.set.get(identifier.name);
    if (variable !== undefined) return variable;
  }
  return undefined;
}

/** True when the variable is declared in code (not a configured or implicit global). */
export function isDeclared(variable: Scope.Variable | undefined): variable is Scope.Variable {
  return variable !== undefined && variable.defs.length > 0;
}

export interface Binding {
  readonly declarator: VariableDeclarator;
  /** The identifier inside the declarator's pattern that declares this variable. */
  readonly name: Identifier;
  readonly init: Node;
}

/** The declarator and initialiser of a variable bound exactly once (`const`, or never-reassigned `let`/`var`). */
export function singleBinding(variable: Scope.Variable | undefined): Binding | undefined {
  if (variable === undefined || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def === undefined || def.type !== 'Variable') return undefined;
  const declarator = def.node;
  if (declarator.init === null || declarator.init === undefined) return undefined;
  if (def.parent.kind !== 'const') {
    const writes = variable.references.filter((ref) => ref.isWrite() && ref.identifier !== def.name);
    if (writes.length > 0) return undefined;
    // `for (var x = ... ; ; x = ...)`, `for (let x of xs)`: not a single value
    const loop = ((def.parent as Node & { parent?: Node }).parent ?? undefined);
    if (loop !== undefined && (loop.type === 'ForInStatement' || loop.type === 'ForOfStatement')) return undefined;
  }
  return { declarator, name: def.name, init: declarator.init };
}

/**
 * The property path from a destructuring pattern down to `target`:
 * `{ a: { b: target } }` -> ['a', 'b']; undefined when the path is not static (array patterns,
 * computed keys, rest elements).
 */
export function patternPath(pattern: Pattern, target: Identifier): string[] | undefined {
  if (pattern === target) return [];
  switch (pattern.type) {
    case 'AssignmentPattern':
      return patternPath(pattern.left, target);
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type === 'RestElement') continue;
        const inner = patternPath(property.value, target);
        if (inner === undefined) continue;
        let key: string | undefined;
        if (!property.computed && property.key.type === 'Identifier') key = property.key.name;
        else if (property.key.type === 'Literal' && typeof property.key.value === 'string') key = property.key.value;
        return key === undefined ? undefined : [key, ...inner];
      }
      return undefined;
    default:
      return undefined;
  }
}
