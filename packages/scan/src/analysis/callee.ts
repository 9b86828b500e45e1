// Import-aware callee resolution: what module export a call (or any identifier / member
// expression) refers to, through `import`, `require()`, `await import()`, aliases, destructuring and
// `util.promisify`. A name that no code declares is a global (`module: undefined`); a local value
// (a parameter, an object literal, `this`) resolves to nothing.
import type { Rule } from 'eslint';
import type { CallExpression, Identifier, Node } from 'estree';
import { staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';
import { findVariable, isDeclared, patternPath, singleBinding } from './scope.js';

export interface Callee {
  /** The module specifier without `node:` (`child_process`, `fs/promises`); undefined for a global. */
  readonly module: string | undefined;
  /** The export path from the module (or from the global object): `['exec']`, `['crypto', 'createHash']`. */
  readonly path: readonly string[];
}

// A global reached through the global object is the same global: `globalThis.fetch` is `fetch`.
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
const MAX_DEPTH = 16;
const INTEROP_HELPERS = new Set(['__importDefault', '__importStar', '_interopRequireDefault', '_interopRequireWildcard', '__toESM']);

/** Strips the `node:` scheme; keeps subpaths (`fs/promises`). */
export function normalizeModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/**
 * Resolves a call's callee (given the call or `new` expression), or any identifier / member
 * expression, to the module export it refers to.
 */
export function resolveCallee(node: Node, context: Rule.RuleContext): Callee | undefined {
  const inner = unwrap(node);
  // Many rules ask about the same call: the answer depends only on the node and its file's scopes
  // (one per AST), so it is computed once per node.
  const cached = resolved.get(inner);
  if (cached !== undefined) return cached ?? undefined;
  const callee = (inner.type === 'CallExpression' || inner.type === 'NewExpression') && inner.callee.type !== 'Super' ? resolveValue(inner.callee, context, 0) : resolveValue(inner, context, 0);
  resolved.set(inner, callee ?? null);
  return callee;
}

const resolved = new WeakMap<Node, Callee | null>();

/** True when `call` calls `module`'s export at `path` (one module or any of several). */
export function isModuleCall(call: CallExpression, context: Rule.RuleContext, module: string | readonly string[], ...path: string[]): boolean {
  const callee = resolveCallee(call, context);
  if (callee?.module === undefined) return false;
  const modules: readonly string[] = typeof module === 'string' ? [module] : module;
  return modules.includes(callee.module) && samePath(callee.path, path);
}

export function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/** The module a `require('x')` / `import('x')` / `await import('x')` expression loads. */
export function loadedModule(node: Node, context: Rule.RuleContext): string | undefined {
  let inner = unwrap(node);
  if (inner.type === 'AwaitExpression') inner = unwrap(inner.argument);
  if (inner.type === 'ImportExpression') return literalString(inner.source);
  if (inner.type !== 'CallExpression' || inner.callee.type !== 'Identifier' || inner.callee.name !== 'require') return undefined;
  if (isDeclared(findVariable(inner.callee, context))) return undefined;
  const [first] = inner.arguments;
  return first === undefined ? undefined : literalString(first);
}

function literalString(node: Node): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return normalizeModule(node.value);
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    const cooked = node.quasis[0]?.value.cooked;
    return typeof cooked === 'string' ? normalizeModule(cooked) : undefined;
  }
  return undefined;
}

function resolveValue(node: Node, context: Rule.RuleContext, depth: number): Callee | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  const loaded = loadedModule(inner, context);
  if (loaded !== undefined) return { module: loaded, path: [] };
  switch (inner.type) {
    case 'Identifier':
      return resolveIdentifier(inner, context, depth);
    case 'MemberExpression': {
      if (inner.object.type === 'Super') return undefined;
      const name = staticPropertyName(inner.property, inner.computed);
      if (name === undefined) return undefined;
      const object = resolveValue(inner.object, context, depth + 1);
      if (object === undefined) return undefined;
      // compiled ES modules: cors_1.default is the module itself
      if (name === 'default' && object.module !== undefined && object.path.length === 0) return object;
      if (object.module === undefined && object.path.length === 1 && GLOBAL_OBJECTS.has(object.path[0] ?? '')) return { module: undefined, path: [name] };
      return { module: object.module, path: [...object.path, name] };
    }
    // (0, cors_1.default)(...): TypeScript's and Babel's way of calling an import without a `this`
    case 'SequenceExpression': {
      const last = inner.expressions[inner.expressions.length - 1];
      return last === undefined ? undefined : resolveValue(last, context, depth + 1);
    }
    case 'CallExpression': {
      // util.promisify(cp.exec) is cp.exec, called differently
      const [first] = inner.arguments;
      if (first === undefined || first.type === 'SpreadElement') return undefined;
      // __importDefault(require('cors')), __importStar(...), _interopRequireDefault(...): the module
      if (inner.callee.type === 'Identifier' && INTEROP_HELPERS.has(inner.callee.name)) return resolveValue(first, context, depth + 1);
      const callee = resolveValue(inner.callee, context, depth + 1);
      if (callee?.module === 'util' && samePath(callee.path, ['promisify'])) return resolveValue(first, context, depth + 1);
      return undefined;
    }
    default:
      return undefined;
  }
}

function resolveIdentifier(identifier: Identifier, context: Rule.RuleContext, depth: number): Callee | undefined {
  const variable = findVariable(identifier, context);
  if (!isDeclared(variable)) return identifier.name === 'undefined' ? undefined : { module: undefined, path: [identifier.name] };
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def === undefined) return undefined;
  if (def.type === 'ImportBinding') return resolveImport(def.node as Node, def.parent as Node | null);
  if (def.type !== 'Variable') return undefined;
  const binding = singleBinding(variable);
  if (binding === undefined) return undefined;
  const path = patternPath(binding.declarator.id, binding.name);
  if (path === undefined) return undefined;
  const base = resolveValue(binding.init, context, depth + 1);
  if (base === undefined) return undefined;
  // `const { default: x } = await import('m')` and `const x = require('m').default` mean the module itself
  const rest = path[0] === 'default' && base.path.length === 0 && base.module !== undefined ? path.slice(1) : path;
  return { module: base.module, path: [...base.path, ...rest] };
}

function resolveImport(specifier: Node, declaration: Node | null): Callee | undefined {
  // `import fs = require('fs')` (TypeScript): scope-manager records the TSImportEqualsDeclaration itself
  const loose = specifier as unknown as { type: string; moduleReference?: { type: string; expression?: Node } };
  if (loose.type === 'TSImportEqualsDeclaration') {
    const reference = loose.moduleReference;
    if (reference?.type !== 'TSExternalModuleReference' || reference.expression === undefined) return undefined;
    const module = literalString(reference.expression);
    return module === undefined ? undefined : { module, path: [] };
  }
  if (declaration?.type !== 'ImportDeclaration') return undefined;
  const module = literalString(declaration.source);
  if (module === undefined) return undefined;
  switch (specifier.type) {
    case 'ImportNamespaceSpecifier':
    case 'ImportDefaultSpecifier':
      // A default import of a CommonJS module is the module object (esModuleInterop): jwt.verify
      return { module, path: [] };
    case 'ImportSpecifier': {
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
      return { module, path: imported === 'default' ? [] : [imported] };
    }
    default:
      return undefined;
  }
}
