// prototype-pollution: request data deep-merged or path-set into an object (lodash merge,
// defaultsDeep, set, zipObjectDeep and the deep-merge packages), a hand-written recursive merge
// without a `__proto__`/`constructor` guard, and computed assignments whose keys the client
// chooses (`obj[req.body.key] = req.body.value`, `target[a][b] = v`).
import type { Rule } from 'eslint';
import type { AssignmentExpression, CallExpression, Function as FunctionNode, Node } from 'estree';
import { resolveCallee } from '../analysis/callee.js';
import { findVariable, singleBinding } from '../analysis/scope.js';
import { walk } from '../analysis/route-syntax.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import { taintOf } from '../analysis/taint.js';
import type { TaintTrace } from '../analysis/taint.js';
import { defineRule } from './define.js';
import type { Level } from './types.js';

type Kind = 'merge' | 'path' | 'paths';
/** module -> export path (last name) -> what is dangerous in it. `''` is the module itself. */
const LIBRARIES: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  lodash: { merge: 'merge', mergeWith: 'merge', defaultsDeep: 'merge', set: 'path', setWith: 'path', zipObjectDeep: 'paths' },
  'lodash-es': { merge: 'merge', mergeWith: 'merge', defaultsDeep: 'merge', set: 'path', setWith: 'path', zipObjectDeep: 'paths' },
  'lodash.merge': { '': 'merge' },
  'lodash.mergewith': { '': 'merge' },
  'lodash.defaultsdeep': { '': 'merge' },
  'lodash.set': { '': 'path' },
  'lodash.setwith': { '': 'path' },
  'lodash.zipobjectdeep': { '': 'paths' },
  'deep-extend': { '': 'merge' },
  'merge-deep': { '': 'merge' },
  'mixin-deep': { '': 'merge' },
  'defaults-deep': { '': 'merge' },
  'merge-options': { '': 'merge' },
  merge: { recursive: 'merge' },
  'set-value': { '': 'path' },
  'dot-prop': { set: 'path', setProperty: 'path' },
  'object-path': { set: 'path' },
  dset: { dset: 'path' },
  'dset/merge': { merge: 'merge' },
  dottie: { set: 'path' },
  'nested-property': { set: 'path' },
  'deep-set': { '': 'path' },
  hoek: { merge: 'merge', applyToDefaults: 'merge' },
  '@hapi/hoek': { merge: 'merge', applyToDefaults: 'merge' },
  flat: { unflatten: 'paths' },
};
/** Spellings of a guard against the dangerous keys. */
const KEY_GUARD = /__proto__|['"`]constructor['"`]|['"`]prototype['"`]|hasOwn(?:Property)?\b|isSafeKey|isPrototypePolluted|Object\.create\(null\)/;

export const prototypePollution = defineRule(
  {
    id: 'prototype-pollution',
    name: 'Request data merged or assigned by client-chosen keys (prototype pollution)',
    cwe: 1321,
    owasp: 'A08:2021-Software and Data Integrity Failures',
    severity: 'high',
    confidence: 'medium',
    message: 'Keys chosen by the client decide where this code writes: a `__proto__` or `constructor.prototype` key changes the prototype of every object.',
    fix: 'Copy known fields instead of merging request objects; when keys must be dynamic, refuse `__proto__`, `constructor` and `prototype`, check `Object.hasOwn(target, key)`, or write into `Object.create(null)` / a `Map`. Keep lodash at 4.17.21 or later.',
    docs: {
      description:
        'Prototype pollution: a deep merge (`_.merge`, `_.defaultsDeep`, `deep-extend`, `merge-deep`, `mixin-deep`, `hoek.merge`), a path setter (`_.set`, `_.setWith`, `set-value`, `dot-prop`, `object-path`, `_.zipObjectDeep`, `flat.unflatten`) or a hand-written recursive merge given request data lets a client send `{"__proto__": {"isAdmin": true}}` and change `Object.prototype` for the whole process. ' +
        'Computed assignments with client keys (`target[req.body.key] = req.body.value`, `obj[a][b] = v`) do the same in one or two steps. ' +
        'Library calls are reported at medium confidence: recent lodash versions refuse the dangerous keys, older ones and many small merge packages do not. A hand-written recursive merge is safe when it refuses `__proto__`/`constructor`/`prototype` or checks `hasOwnProperty` on the target.',
      vulnerable: "app.post('/settings', (req, res) => {\n  _.merge(settings, req.body);\n  res.json(settings);\n});",
      safe: "app.post('/settings', (req, res) => {\n  const { theme, language } = req.body;\n  Object.assign(settings, { theme: String(theme), language: String(language) });\n  res.json(settings);\n});",
    },
  },
  (context, report) => {
    const unsafeMerges = new Map<string, FunctionNode>();
    const mergeCalls: CallExpression[] = [];
    const fed = new Set<FunctionNode>();
    const lower = (trace: TaintTrace, level: Level): Level => (trace.confidence === 'low' ? 'low' : level);
    return {
      CallExpression(call) {
        mergeCalls.push(call);
        const kind = libraryKind(call, context);
        if (kind === undefined) return;
        const args = call.arguments.filter((arg): arg is Exclude<typeof arg, { type: 'SpreadElement' }> => arg.type !== 'SpreadElement');
        const inspected = kind === 'merge' ? args.slice(1) : kind === 'path' ? args.slice(1, 2) : args.slice(0, 1);
        for (const arg of inspected) {
          const trace = taintOf(arg, context);
          if (trace === undefined) continue;
          report(call, { confidence: lower(trace, 'medium'), detail: `(\`${trace.source}\` reaches a ${kind === 'merge' ? 'deep merge' : 'path setter'})` });
          return;
        }
      },
      'FunctionDeclaration, FunctionExpression, ArrowFunctionExpression'(fn: FunctionNode) {
        const name = functionName(fn);
        if (name !== undefined && isUnguardedRecursiveMerge(fn, name, context)) unsafeMerges.set(name, fn);
      },
      AssignmentExpression(node: AssignmentExpression) {
        const left = node.left;
        // obj.__proto__.isAdmin = ..., obj.constructor.prototype.x = ...: a write to a shared prototype.
        if (left.type === 'MemberExpression' && writesPrototype(left.object)) {
          const value = taintOf(node.right, context);
          if (value !== undefined) report(node, { confidence: lower(value, 'high'), detail: `(\`${value.source}\` is written to a prototype)` });
          return;
        }
        if (left.type !== 'MemberExpression' || !left.computed || left.property.type === 'PrivateIdentifier') return;
        const key = taintOf(left.property, context);
        if (key === undefined) return;
        if (guarded(node, context)) return;
        // Inside a hand-written merge the finding goes to the call that feeds it request data.
        for (const fn of unsafeMerges.values()) if (isInside(node, fn)) return;
        const object = stripWrappers(left.object);
        // target[a][b] = v: with a = '__proto__' this writes to Object.prototype.
        if (object.type === 'MemberExpression' && object.computed && object.property.type !== 'PrivateIdentifier') {
          const outer = taintOf(object.property, context);
          if (outer !== undefined) report(node, { confidence: lower(outer, 'high'), detail: `(\`${outer.source}\` and \`${key.source}\` pick the keys)` });
          return;
        }
        const value = taintOf(node.right, context);
        if (value === undefined || isFreshLocal(object, context)) return;
        report(node, { confidence: lower(key, 'medium'), detail: `(\`${key.source}\` picks the key)` });
      },
      'Program:exit'() {
        for (const call of mergeCalls) {
          const callee = stripWrappers(call.callee);
          const name = callee.type === 'Identifier' ? callee.name : undefined;
          const fn = name === undefined ? undefined : unsafeMerges.get(name);
          if (fn === undefined || isInside(call, fn)) continue;
          const trace = call.arguments.map((arg) => (arg.type === 'SpreadElement' ? undefined : taintOf(arg, context))).find((t) => t !== undefined);
          if (trace === undefined) continue;
          fed.add(fn);
          report(call, { confidence: lower(trace, 'high'), detail: `(\`${trace.source}\` reaches \`${name}\`, a recursive merge without a __proto__ guard)` });
        }
        // An exported merge utility without a guard is a gadget for every caller (CodeQL's
        // prototype-pollution-utility): reported at its first computed write.
        for (const [name, fn] of unsafeMerges) {
          if (fed.has(fn) || !isExported(fn, name, context)) continue;
          const write = firstComputedWrite(fn);
          report(write ?? fn, { confidence: 'medium', detail: `(\`${name}\` copies every key, \`__proto__\` included, and is exported)` });
        }
      },
    };
  },
);

function libraryKind(call: CallExpression, context: Rule.RuleContext): Kind | undefined {
  const resolved = resolveCallee(call, context);
  if (resolved?.module === undefined) return undefined;
  const module = resolved.module.toLowerCase();
  const table = Object.hasOwn(LIBRARIES, module) ? LIBRARIES[module] : undefined;
  if (table === undefined) return undefined;
  const last = resolved.path.length === 0 ? '' : (resolved.path[resolved.path.length - 1] as string);
  // `import merge from 'lodash.merge'` resolves to ['default'] in some forms.
  if (Object.hasOwn(table, last)) return table[last];
  return last === 'default' ? table[''] : undefined;
}

function functionName(fn: FunctionNode): string | undefined {
  if (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') if (fn.id) return fn.id.name;
  const parent = (fn as FunctionNode & { parent?: Node }).parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return undefined;
}

/**
 * A recursive merge that can reach Object.prototype: it writes `target[key] = ...` into one of
 * its parameters and recurses into `target[key]`, so a `__proto__` key makes the next level write
 * into Object.prototype. Writing into fresh objects (`out[key] = clone(source[key])`) is not it.
 * A refusal of `__proto__`/`constructor`/`prototype` or an own-property check is a guard.
 */
function isUnguardedRecursiveMerge(fn: FunctionNode, name: string, context: Rule.RuleContext): boolean {
  if (fn.params.length < 2 || KEY_GUARD.test(context.sourceCode.getText(fn))) return false;
  const params = new Set(fn.params.flatMap((param) => (param.type === 'Identifier' ? [param.name] : param.type === 'AssignmentPattern' && param.left.type === 'Identifier' ? [param.left.name] : [])));
  const written = new Set<string>();
  let loops = false;
  walk(fn.body, (node) => {
    if (node.type === 'ForInStatement' && node.right.type === 'Identifier' && params.has(node.right.name)) loops = true;
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && /^(?:keys|entries|getOwnPropertyNames)$/.test(staticPropertyName(node.callee.property, node.callee.computed) ?? '')) {
      const [arg] = node.arguments;
      if (arg !== undefined && arg.type === 'Identifier' && params.has(arg.name)) loops = true;
    }
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && node.left.computed && node.left.object.type === 'Identifier' && params.has(node.left.object.name)) written.add(node.left.object.name);
    return undefined;
  });
  if (!loops || written.size === 0) return false;
  let recurses = false;
  walk(fn.body, (node) => {
    if (recurses) return false;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === name) {
      for (const arg of node.arguments) {
        walk(arg, (inner) => {
          if (inner.type === 'MemberExpression' && inner.computed && inner.object.type === 'Identifier' && written.has(inner.object.name)) recurses = true;
          return recurses ? false : undefined;
        });
      }
    }
    return undefined;
  });
  return recurses;
}

function isInside(node: Node, fn: Node): boolean {
  const range = (node as Node & { range?: [number, number] }).range;
  const outer = (fn as Node & { range?: [number, number] }).range;
  return range !== undefined && outer !== undefined && range[0] >= outer[0] && range[1] <= outer[1];
}

/** `x.__proto__`, `x['__proto__']`, `x.constructor.prototype`, `Object.prototype`. */
function writesPrototype(node: Node): boolean {
  const inner = stripWrappers(node);
  if (inner.type !== 'MemberExpression') return false;
  const name = staticPropertyName(inner.property, inner.computed);
  if (name === '__proto__') return true;
  if (name === 'prototype') {
    const object = stripWrappers(inner.object);
    return (object.type === 'MemberExpression' && staticPropertyName(object.property, object.computed) === 'constructor') || (object.type === 'Identifier' && object.name === 'Object');
  }
  return false;
}

function isExported(fn: FunctionNode, name: string, context: Rule.RuleContext): boolean {
  const parent = (fn as FunctionNode & { parent?: Node }).parent;
  if (parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration') return true;
  if (parent?.type === 'AssignmentExpression' && /^(?:module\.)?exports\b/.test(context.sourceCode.getText(parent.left))) return true;
  const declarator = parent?.type === 'VariableDeclarator' ? (parent as Node & { parent?: Node }).parent : undefined;
  if ((declarator as Node & { parent?: Node } | undefined)?.parent?.type === 'ExportNamedDeclaration') return true;
  const escaped = name.replace(/[$]/g, '\\$');
  return new RegExp(`(?:module\\.)?exports(?:\\.[\\w$]+)?\\s*=\\s*(?:\\{[^}]*\\b${escaped}\\b|${escaped}\\b)|export\\s*\\{[^}]*\\b${escaped}\\b|export\\s+default\\s+${escaped}\\b`).test(context.sourceCode.text);
}

function firstComputedWrite(fn: FunctionNode): Node | undefined {
  let found: Node | undefined;
  walk(fn.body, (node) => {
    if (found !== undefined) return false;
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && node.left.computed) found = node;
    return undefined;
  });
  return found;
}


/** The enclosing function refuses the dangerous keys (or checks own properties) somewhere. */
function guarded(node: Node, context: Rule.RuleContext): boolean {
  for (let current: Node | undefined = node; current !== undefined; current = (current as Node & { parent?: Node }).parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return KEY_GUARD.test(context.sourceCode.getText(current));
  }
  return false;
}

/** A local `{}` / `[]` / `Object.create(null)` / `new Map()`: writing its own keys changes nothing shared. */
function isFreshLocal(node: Node, context: Rule.RuleContext): boolean {
  if (node.type !== 'Identifier') return false;
  const binding = singleBinding(findVariable(node, context));
  if (binding === undefined || binding.declarator.id !== binding.name) return false;
  const init = stripWrappers(binding.init);
  if (init.type === 'ObjectExpression' || init.type === 'ArrayExpression') return true;
  if (init.type === 'CallExpression' && init.callee.type === 'MemberExpression' && staticPropertyName(init.callee.property, init.callee.computed) === 'create') return true;
  return init.type === 'NewExpression';
}
