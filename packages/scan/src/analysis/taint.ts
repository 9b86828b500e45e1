// Taint flow within one file: does an expression carry data from a request source (sources.ts)?
//
// Flows through: variables (every assignment of a `let`/`var`, `+=`), destructuring (defaults,
// rest, nested), member access on tainted values, template literals, `+`, array/object literals,
// spreads, awaits, `a || b` / `a ?? b` / `c ? a : b`, the TypeScript wrappers (`as number` does not
// sanitise), methods called on a tainted value (`trim`, `split`, `slice`, `replace`, `get`, `map`:
// all but those returning booleans or numbers), a few pass-through functions (`String`,
// `JSON.stringify/parse`, `decodeURIComponent`, `Buffer.from`, `Object.values`, `util.format`,
// `path.join`, `new URL`), helpers named for reshaping their first argument (`utils.trunc(x, 60)`,
// `_.get(req, 'query.q')`, `format`), `for...of`/`for...in` over tainted values, callbacks of
// `.forEach/.map` on tainted arrays (a `.map` result is what its callback returns: `ids.map(() =>
// '?')` is clean), returns of local functions (their parameters bound to the call's arguments),
// and one level of calls into local functions (a parameter is tainted when a call in this file
// passes tainted data). A call to anything else (an imported or unknown function, a database,
// another service) ends the flow: its result is not the request's data.
//
// Sanitisers end a flow (sanitisers.ts): numbers, booleans and dates; sink-specific escapers;
// a `.replace(/[^a-z0-9]/g, '')` that keeps only an allow-list of characters; an allow-list check
// guarding the use (`if (!ALLOWED.includes(x)) return`, `ALLOWED.has(x) ? x : 'id'`,
// `switch (x) { case 'a': ... }`, `typeof x === 'number'`, an anchored `/^...$/.test(x)`).
// Schema validation (`schema.parse(req.body)`, joi `validate`, yup `validateSync`) keeps the
// taint at low confidence: the schema usually checks shape, not content; a schema that is visibly
// a number, boolean, enum, UUID or literal (`z.number()`, `z.enum([...])`, `z.string().uuid()`)
// sanitises.
//
// Results are memoized per file; cycles are cut; calls into local functions are bounded in depth.
import type { Rule, Scope } from 'eslint';
import type { CallExpression, Expression, Function as FunctionNode, Identifier, Node, Pattern } from 'estree';
import { outerParent as parentOf, staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';
import { resolveCallee } from './callee.js';
import { sanitisedSinks, type SinkKind } from './sanitisers.js';
import { findVariable, patternPath } from './scope.js';
import { graphqlArguments, requestObjectOf, requestSourceOf, registrationRequestIndex, type Confidence } from './sources.js';
import { guardedByAllowList } from './guards.js';

export type { SinkKind } from './sanitisers.js';

export interface TaintTrace {
  /** The request source the data comes from, e.g. `req.query.id`. */
  readonly source: string;
  readonly confidence: Confidence;
}

export interface TaintOptions {
  /** The sink the value flows into: selects the sink-specific sanitisers (default: `any`, only the universal ones). */
  readonly sink?: SinkKind;
}

/** The request data `node` carries, or undefined when it carries none (as far as this file shows). */
export function taintOf(node: Node, context: Rule.RuleContext, options: TaintOptions = {}): TaintTrace | undefined {
  return analyzerFor(context, options.sink ?? 'any').evaluate(node, EMPTY_ENV, 0);
}

const MAX_CALL_DEPTH = 3;
const MAX_SOURCE_SEGMENTS = 4;
const EMPTY_ENV: ReadonlyMap<Scope.Variable, TaintTrace | undefined> = new Map();

/** Methods of a tainted receiver whose result is a boolean, a number or nothing the client shapes. */
const OPAQUE_METHODS = new Set([
  'includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'search', 'test', 'has', 'localeCompare', 'charCodeAt',
  'codePointAt', 'every', 'some', 'findIndex', 'findLastIndex', 'forEach', 'isArray', 'hasOwnProperty', 'getTime', 'valueOf',
  'equals', 'compare', 'push', 'set', 'delete', 'append', 'on', 'once', 'emit', 'pipe', 'digest', 'update',
]);
const NUMERIC_CALLBACKS = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean']);
/** Callbacks whose first parameter receives (an element of) the receiver: `.forEach(x => ...)`, `request.json().then(body => ...)`. */
const ITERATION_METHODS = new Set(['forEach', 'map', 'filter', 'find', 'findLast', 'some', 'every', 'flatMap', 'then']);
const VALIDATE_METHODS = new Set(['parse', 'parseAsync', 'safeParse', 'safeParseAsync', 'validate', 'validateAsync', 'validateSync', 'cast', 'attempt']);
const RESTRICTING_SCHEMAS = /^(?:number|bigint|boolean|date|enum|nativeEnum|literal|uuid|cuid|cuid2|ulid|int|integer|positive|negative|nonnegative|finite|isNumeric|guid)$/;
/** Global (or module) functions that return their argument's data in another form. */
const PASS_THROUGH: readonly { module: string | undefined; path: readonly string[] }[] = [
  { module: undefined, path: ['String'] },
  { module: undefined, path: ['JSON', 'stringify'] },
  { module: undefined, path: ['JSON', 'parse'] },
  { module: undefined, path: ['decodeURIComponent'] },
  { module: undefined, path: ['decodeURI'] },
  { module: undefined, path: ['unescape'] },
  { module: undefined, path: ['Buffer', 'from'] },
  { module: undefined, path: ['Object', 'values'] },
  { module: undefined, path: ['Object', 'keys'] },
  { module: undefined, path: ['Object', 'entries'] },
  { module: undefined, path: ['Object', 'assign'] },
  { module: undefined, path: ['Object', 'fromEntries'] },
  { module: undefined, path: ['Array', 'from'] },
  { module: undefined, path: ['Array', 'of'] },
  { module: undefined, path: ['Promise', 'resolve'] },
  { module: undefined, path: ['structuredClone'] },
  { module: 'util', path: ['format'] },
  { module: 'path', path: ['join'] },
  { module: 'path', path: ['resolve'] },
  { module: 'path', path: ['normalize'] },
  { module: 'querystring', path: ['parse'] },
  { module: 'querystring', path: ['stringify'] },
  { module: 'url', path: ['parse'] },
  // markdown renderers turn the text into HTML without sanitising it (marked's default)
  { module: 'marked', path: [] },
  { module: 'marked', path: ['marked'] },
  { module: 'marked', path: ['parse'] },
  { module: 'marked', path: ['marked', 'parse'] },
  { module: 'snarkdown', path: [] },
];
/** Helper names (of imported or unknown functions) that return their first argument reshaped, not replaced. */
const RESHAPING_HELPERS = /^(?:trunc|truncate|trim|trimStart|trimEnd|toLower|toUpper|lowerCase|upperCase|capitalize|format|sprintf|vsprintf|get|defaultTo|toString|padStart|padEnd|ellipsis|shorten|limit|substr|substring|slice|deburr|unescape|decode|normalize|squish|collapseWhitespace)$/;
const PASS_THROUGH_CLASSES = new Set(['URL', 'URLSearchParams', 'String', 'Buffer']);

type Env = ReadonlyMap<Scope.Variable, TaintTrace | undefined>;

const analyzers = new WeakMap<Rule.RuleContext['sourceCode'], Map<SinkKind, Analyzer>>();

function analyzerFor(context: Rule.RuleContext, sink: SinkKind): Analyzer {
  let bySink = analyzers.get(context.sourceCode);
  if (bySink === undefined) analyzers.set(context.sourceCode, (bySink = new Map()));
  let analyzer = bySink.get(sink);
  if (analyzer === undefined) bySink.set(sink, (analyzer = new Analyzer(context, sink)));
  return analyzer;
}

class Analyzer {
  private readonly memo = new Map<Node, TaintTrace | null>();
  private readonly active = new Set<Node>();
  /** Bumped when a cycle is cut: a negative result computed meanwhile may be incomplete, so not memoized. */
  private cuts = 0;

  constructor(
    private readonly context: Rule.RuleContext,
    private readonly sink: SinkKind,
  ) {}

  evaluate(node: Node, env: Env, depth: number): TaintTrace | undefined {
    const memoizable = env.size === 0;
    if (memoizable) {
      const known = this.memo.get(node);
      if (known !== undefined) return known ?? undefined;
    }
    if (this.active.has(node)) {
      this.cuts++;
      return undefined;
    }
    this.active.add(node);
    const cutsBefore = this.cuts;
    let result: TaintTrace | undefined;
    try {
      result = this.compute(node, env, depth);
    } finally {
      this.active.delete(node);
    }
    if (memoizable && (result !== undefined || this.cuts === cutsBefore)) this.memo.set(node, result ?? null);
    return result;
  }

  private compute(node: Node, env: Env, depth: number): TaintTrace | undefined {
    const inner = unwrap(node);
    const next = (child: Node | null | undefined): TaintTrace | undefined => (child === null || child === undefined ? undefined : this.evaluate(child, env, depth));
    switch (inner.type) {
      case 'Identifier':
        return this.identifier(inner, env, depth);
      case 'MemberExpression': {
        const source = requestSourceOf(inner, this.context);
        if (source !== undefined) return this.guarded(inner) ? undefined : source;
        const name = staticPropertyName(inner.property, inner.computed);
        if (name === 'length' || inner.object.type === 'Super') return undefined;
        const object = next(inner.object);
        if (object === undefined || this.guarded(inner)) return undefined;
        return extend(object, name);
      }
      case 'CallExpression':
        return this.call(inner, env, depth);
      case 'NewExpression': {
        if (inner.callee.type !== 'Identifier' || !PASS_THROUGH_CLASSES.has(inner.callee.name)) return undefined;
        return next(inner.arguments[0]);
      }
      case 'TemplateLiteral':
        return first(inner.expressions, next);
      case 'BinaryExpression':
        return inner.operator === '+' ? (next(inner.left) ?? next(inner.right)) : undefined;
      case 'LogicalExpression':
        return inner.operator === '&&' ? next(inner.right) : (next(inner.left) ?? next(inner.right));
      case 'ConditionalExpression':
        return next(inner.consequent) ?? next(inner.alternate);
      case 'AwaitExpression':
      case 'SpreadElement':
        return next(inner.argument);
      case 'SequenceExpression':
        return next(inner.expressions.at(-1));
      case 'AssignmentExpression':
        return next(inner.right);
      case 'ArrayExpression':
        return first(inner.elements, next);
      case 'ObjectExpression':
        return first(inner.properties, (property) => (property.type === 'SpreadElement' ? next(property.argument) : next(property.value)));
      default:
        return undefined;
    }
  }

  private guarded(node: Node): boolean {
    return guardedByAllowList(node, this.context);
  }

  private identifier(identifier: Identifier, env: Env, depth: number): TaintTrace | undefined {
    const direct = requestSourceOf(identifier, this.context);
    if (direct !== undefined) return this.guarded(identifier) ? undefined : direct;
    const variable = findVariable(identifier, this.context);
    if (variable === undefined || variable.defs.length === 0) return undefined;
    if (env.has(variable)) return env.get(variable);
    const trace = this.variable(variable, env, depth);
    return trace === undefined || this.guarded(identifier) ? undefined : trace;
  }

  private variable(variable: Scope.Variable, env: Env, depth: number): TaintTrace | undefined {
    let best: TaintTrace | undefined;
    const consider = (trace: TaintTrace | undefined): void => {
      if (trace !== undefined && (best === undefined || rank(trace.confidence) > rank(best.confidence))) best = trace;
    };
    for (const def of variable.defs) {
      if (def.type === 'Variable') {
        const declarator = def.node;
        const path = patternPath(declarator.id, def.name) ?? [];
        const loop = parentOf(def.parent);
        if ((loop?.type === 'ForOfStatement' || loop?.type === 'ForInStatement') && loop.left === def.parent) consider(this.evaluate(loop.right, env, depth));
        else if (declarator.init !== null && declarator.init !== undefined) consider(this.withPath(declarator.init, path, env, depth));
      } else if (def.type === 'Parameter') {
        consider(this.parameter(def.node as FunctionNode, def.name, env, depth));
      }
    }
    for (const reference of variable.references) {
      if (reference.init === true || !reference.isWrite() || reference.writeExpr === undefined || reference.writeExpr === null) continue;
      const target = reference.identifier as Identifier;
      const assignment = parentOf(target);
      // ({ a } = req.body): the write's expression is the whole right side; follow the pattern path
      const path = assignment?.type === 'AssignmentExpression' && assignment.left !== target ? (patternPath(assignment.left as Pattern, target) ?? []) : [];
      consider(this.withPath(reference.writeExpr, path, env, depth));
    }
    return best;
  }

  /** `init` read at `path` (the destructuring path of a binding). */
  private withPath(init: Node, path: readonly string[], env: Env, depth: number): TaintTrace | undefined {
    const whole = this.evaluate(init, env, depth);
    if (whole !== undefined) return path.reduce<TaintTrace>((trace, key) => extend(trace, key), whole);
    if (path.length === 0) return undefined;
    const [head = '', ...rest] = path;
    const inner = unwrap(init);
    if (inner.type === 'ObjectExpression') {
      for (const property of inner.properties) {
        if (property.type === 'Property' && staticPropertyName(property.key, property.computed) === head) return this.withPath(property.value, rest, env, depth);
      }
      return undefined;
    }
    // const { query: { id } } = req; const { body } = ctx.request
    const base = requestObjectOf(inner, this.context);
    if (base === undefined) return undefined;
    return this.requestPath(base.name, base.confidence, path);
  }

  private requestPath(name: string, confidence: Confidence, path: readonly string[]): TaintTrace | undefined {
    const [head, ...rest] = path;
    if (head === undefined) return undefined;
    if (head === 'request' || head === 'req' || head === 'raw' || head === 'nextUrl') return this.requestPath(`${name}.${head}`, confidence, rest);
    if (!CLIENT_PROPERTY.test(head)) return undefined;
    return rest.reduce<TaintTrace>((trace, key) => extend(trace, key), { source: `${name}.${head}`, confidence });
  }

  private parameter(fn: FunctionNode, name: Identifier, env: Env, depth: number): TaintTrace | undefined {
    const index = fn.params.findIndex((param) => param === name || contains(param, name));
    if (index < 0) return undefined;
    const param = fn.params[index] as Pattern;
    const path = patternPath(param, name) ?? [];
    // ({ body, query }, res) => ...: a destructured request parameter
    if (param !== name && path.length > 0) {
      const registered = registrationRequestIndex(fn, this.context);
      const companions = fn.params.some((other) => other.type === 'Identifier' && /^(?:res|reply|response|next)$/.test(other.name));
      if (registered === index || (registered === undefined && index === 0 && companions)) {
        const trace = this.requestPath('req', registered === index || companions ? 'high' : 'medium', path);
        if (trace !== undefined) return trace;
      }
    }
    // Mutation: { rename(_parent, { name }) { ... } }
    const graphql = param !== name ? graphqlArguments(fn, param) : undefined;
    if (graphql !== undefined) return path.reduce<TaintTrace>((trace, key) => extend(trace, key), graphql);
    const parent = parentOf(fn);
    // items.forEach((item) => ...) over a tainted array; request.json().then((body) => ...)
    if (parent?.type === 'CallExpression' && parent.arguments[0] === fn && parent.callee.type === 'MemberExpression' && index === 0) {
      const method = staticPropertyName(parent.callee.property, parent.callee.computed);
      if (method !== undefined && ITERATION_METHODS.has(method)) {
        const array = this.evaluate(parent.callee.object, env, depth);
        if (array !== undefined) return path.reduce<TaintTrace>((trace, key) => extend(trace, key), array);
      }
    }
    if (depth >= MAX_CALL_DEPTH) return undefined;
    // one level into local functions: a call in this file passes tainted data
    for (const call of localCallsOf(fn, this.context)) {
      const argument = call.arguments[index];
      if (argument === undefined || argument.type === 'SpreadElement') continue;
      const trace = this.withPath(argument, path, EMPTY_ENV, depth + 1);
      if (trace !== undefined) return trace;
    }
    return undefined;
  }

  private call(call: CallExpression, env: Env, depth: number): TaintTrace | undefined {
    const source = requestSourceOf(call, this.context);
    if (source !== undefined) return source;
    const callee = unwrap(call.callee);
    const args = call.arguments;
    const anyArgument = (): TaintTrace | undefined => first(args, (argument) => this.evaluate(argument, env, depth));
    // an escaper protects its own sink and passes the data through to any other
    const sanitises = sanitisedSinks(call, this.context);
    if (sanitises === 'all' || (sanitises !== undefined && this.sink !== 'any' && sanitises.includes(this.sink))) return undefined;
    if (sanitises !== undefined) {
      const passed = anyArgument();
      if (passed !== undefined) return passed;
    }
    if (callee.type === 'MemberExpression' && callee.object.type !== 'Super') {
      const method = staticPropertyName(callee.property, callee.computed);
      const receiver = this.evaluate(callee.object, env, depth);
      if (receiver !== undefined) return this.method(receiver, method, call, env, depth);
      if (method !== undefined && VALIDATE_METHODS.has(method)) {
        const validated = anyArgument();
        if (validated === undefined || restrictsContent(callee.object, this.context)) return undefined;
        return { source: validated.source, confidence: 'low' };
      }
    }
    const resolved = resolveCallee(call, this.context);
    if (resolved !== undefined && PASS_THROUGH.some((known) => known.module === resolved.module && sameArray(known.path, resolved.path))) return anyArgument();
    const fn = localFunction(callee, this.context);
    if (fn !== undefined) return depth < MAX_CALL_DEPTH ? this.returnsOf(fn, call, env, depth + 1) : undefined;
    // utils.trunc(req.params.id, 60), _.get(req, 'query.q'): helpers that hand their first argument back reshaped
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticPropertyName(callee.property, callee.computed) : undefined;
    const [subject] = args;
    if (name !== undefined && RESHAPING_HELPERS.test(name) && subject !== undefined) {
      if (name === 'get' && callee.type === 'MemberExpression' && !/^(?:_|lodash|dot|objectPath|dotProp)$/.test(this.context.sourceCode.getText(callee.object))) return undefined;
      const inner = unwrap(subject);
      if (name === 'get' && inner.type !== 'SpreadElement') {
        const base = requestObjectOf(inner, this.context);
        const path = args[1] === undefined ? undefined : staticPathOf(args[1]);
        if (base !== undefined && path !== undefined) return this.requestPath(base.name, base.confidence, path);
      }
      return this.evaluate(subject, env, depth);
    }
    return undefined;
  }

  private method(receiver: TaintTrace, method: string | undefined, call: CallExpression, env: Env, depth: number): TaintTrace | undefined {
    if (method === undefined) return receiver;
    if (OPAQUE_METHODS.has(method)) return undefined;
    const [argument, replacement] = call.arguments;
    // .map(Number) / .map((x) => parseInt(x, 10))
    if ((method === 'map' || method === 'flatMap') && argument !== undefined && isNumericCallback(argument)) return undefined;
    // ids.map(() => '?'): the result is what the callback returns, its element bound to the receiver's taint
    const callback = argument === undefined ? undefined : unwrap(argument);
    if ((method === 'map' || method === 'flatMap') && (callback?.type === 'ArrowFunctionExpression' || callback?.type === 'FunctionExpression')) {
      const bound = new Map(env);
      const [element] = callback.params;
      if (element !== undefined) for (const variable of this.context.sourceCode.scopeManager.getDeclaredVariables(callback)) if (variable.defs.some((def) => def.type === 'Parameter' && contains(element, def.name))) bound.set(variable, receiver);
      for (const variable of this.context.sourceCode.scopeManager.getDeclaredVariables(callback)) if (!bound.has(variable)) bound.set(variable, undefined);
      return first(returnExpressions(callback), (expression) => this.evaluate(expression, bound, depth));
    }
    if ((method === 'replace' || method === 'replaceAll') && argument !== undefined && replacement !== undefined && keepsOnlySafeCharacters(argument, replacement)) return undefined;
    return receiver;
  }

  /** The taint of a local function's returns, its parameters bound to the call's arguments. */
  private returnsOf(fn: FunctionNode, call: CallExpression, env: Env, depth: number): TaintTrace | undefined {
    const bound = new Map<Scope.Variable, TaintTrace | undefined>();
    fn.params.forEach((param, index) => {
      if (param.type !== 'Identifier') return;
      const variable = this.context.sourceCode.scopeManager.getDeclaredVariables(param).find((v) => v.name === param.name) ?? findParamVariable(fn, param, this.context);
      const argument = call.arguments[index];
      if (variable !== undefined) bound.set(variable, argument === undefined ? undefined : this.evaluate(argument, env, depth));
    });
    const returned = returnExpressions(fn);
    return first(returned, (expression) => this.evaluate(expression, bound, depth));
  }
}

const CLIENT_PROPERTY = /^(?:query|body|params|headers|cookies|signedCookies|path|url|originalUrl|hostname|host|files|file|querystring|search|href|payload|rawBody|searchParams|pathname)$/;

/** `'query.q'` / `['query', 'q']` as a path. */
function staticPathOf(node: Node): string[] | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value.split('.');
  if (inner.type === 'ArrayExpression' && inner.elements.every((element) => element?.type === 'Literal' && typeof element.value === 'string')) {
    return inner.elements.map((element) => String((element as Node & { value: string }).value));
  }
  return undefined;
}

function findParamVariable(fn: FunctionNode, param: Identifier, context: Rule.RuleContext): Scope.Variable | undefined {
  return context.sourceCode.scopeManager.getDeclaredVariables(fn).find((variable) => variable.defs.some((def) => def.name === param));
}

function rank(confidence: Confidence): number {
  return confidence === 'high' ? 3 : confidence === 'medium' ? 2 : 1;
}

function extend(trace: TaintTrace, key: string | undefined): TaintTrace {
  if (key === undefined || trace.source.split('.').length >= MAX_SOURCE_SEGMENTS || !/^[A-Za-z_$][\w$]*$/.test(key)) return trace;
  return { source: `${trace.source}.${key}`, confidence: trace.confidence };
}

function first<T>(items: readonly (T | null)[], test: (item: T) => TaintTrace | undefined): TaintTrace | undefined {
  for (const item of items) {
    if (item === null) continue;
    const trace = test(item);
    if (trace !== undefined) return trace;
  }
  return undefined;
}

function sameArray(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

function contains(outer: Node, inner: Node): boolean {
  const a = outer.range;
  const b = inner.range;
  return a !== undefined && b !== undefined && a[0] <= b[0] && b[1] <= a[1];
}

/** The local function a callee names: `function f() {}`, `const f = () => ...`. */
function localFunction(callee: Node, context: Rule.RuleContext): FunctionNode | undefined {
  if (callee.type !== 'Identifier') return undefined;
  const variable = findVariable(callee, context);
  const def = variable?.defs[0];
  if (def === undefined || variable?.defs.length !== 1) return undefined;
  if (def.type === 'FunctionName') return def.node as FunctionNode;
  if (def.type === 'Variable' && def.parent.kind === 'const') {
    const init = def.node.init === null || def.node.init === undefined ? undefined : unwrap(def.node.init);
    if (init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression') return init;
  }
  return undefined;
}

/** The calls in this file whose callee is `fn` (by its name). */
function localCallsOf(fn: FunctionNode, context: Rule.RuleContext): CallExpression[] {
  let variable: Scope.Variable | undefined;
  if (fn.type === 'FunctionDeclaration' && fn.id !== null) variable = context.sourceCode.scopeManager.getDeclaredVariables(fn).find((v) => v.defs.some((def) => def.type === 'FunctionName'));
  const parent = parentOf(fn);
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') variable = findVariable(parent.id, context);
  if (variable === undefined) return [];
  const calls: CallExpression[] = [];
  for (const reference of variable.references) {
    const site = reference.identifier as Node;
    const call = parentOf(site);
    if (call?.type === 'CallExpression' && unwrap(call.callee) === site) calls.push(call);
  }
  return calls;
}

/** The expressions a function returns (not those of functions nested in it). */
function returnExpressions(fn: FunctionNode): Expression[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const found: Expression[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'ReturnStatement') {
      if (node.argument !== null && node.argument !== undefined) found.push(node.argument);
      return;
    }
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ClassDeclaration' || node.type === 'ClassExpression') return;
    const record = node as unknown as Readonly<Record<string, unknown>>;
    for (const key in record) {
      if (key === 'parent' || !Object.hasOwn(record, key)) continue;
      const value = record[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) visit(child);
      } else if (isNode(value)) visit(value);
    }
  };
  for (const statement of fn.body.body) visit(statement);
  return found;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function isNumericCallback(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return NUMERIC_CALLBACKS.has(inner.name);
  if (inner.type !== 'ArrowFunctionExpression' || inner.body.type === 'BlockStatement') return false;
  const body = unwrap(inner.body);
  if (body.type === 'UnaryExpression' && body.operator === '+') return true;
  return body.type === 'CallExpression' && body.callee.type === 'Identifier' && NUMERIC_CALLBACKS.has(body.callee.name);
}

/** `.replace(/[^a-z0-9_-]/gi, '')`: only letters, digits and `_-.` survive. */
function keepsOnlySafeCharacters(pattern: Node, replacement: Node): boolean {
  if (replacement.type !== 'Literal' || replacement.value !== '') return false;
  if (pattern.type !== 'Literal' || !('regex' in pattern) || pattern.regex === undefined) return false;
  const { pattern: source, flags } = pattern.regex;
  if (!flags.includes('g')) return false;
  if (/^\\W\+?$/.test(source)) return true; // .replace(/\W/g, '')
  const match = /^\[\^([^\]]*)\]\+?$/.exec(source);
  return match !== null && /^(?:a-z|A-Z|0-9|\\d|\\w|\\s|_|-|\\-|\.|\\\.| )+$/.test(match[1] ?? '');
}

/** A validation schema that visibly restricts content: `z.number()`, `z.enum([...])`, `Joi.string().uuid()`. */
function restrictsContent(schema: Node, context: Rule.RuleContext): boolean {
  let current: Node | undefined = unwrap(schema);
  if (current.type === 'Identifier') {
    const variable = findVariable(current, context);
    const def = variable?.defs[0];
    current = def?.type === 'Variable' && def.node.init !== null && def.node.init !== undefined ? unwrap(def.node.init) : undefined;
  }
  for (let steps = 0; current !== undefined && steps < 12; steps++) {
    if (current.type !== 'CallExpression') return false;
    const callee = unwrap(current.callee);
    if (callee.type !== 'MemberExpression') return false;
    if (RESTRICTING_SCHEMAS.test(staticPropertyName(callee.property, callee.computed) ?? '')) return true;
    current = unwrap(callee.object);
  }
  return false;
}
