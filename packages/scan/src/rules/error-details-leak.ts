// error-details-leak (CWE-209): error internals sent to the client. An error is a `catch (err)`
// binding, the first parameter of an error handler (`(err, req, res, next)`, Fastify
// `setErrorHandler`, `.catch((err) => ...)`, `.on('error', ...)`), or a Node-style callback's `err`.
// In a response body (res.send/json/end/write/render, reply.send, c.json, Response.json, Koa's
// `ctx.body = ...`):
//   - the stack (`err.stack`, `util.inspect(err)`, JSON.stringify with getOwnPropertyNames): high;
//   - the error object itself (its enumerable fields: Sequelize/pg/mysql errors carry `sql`,
//     `parameters`, `detail`) or driver fields (`err.sql`, `err.sqlMessage`, `err.original`): medium;
//     Fastify `reply.send(err)` serialises only message and status: low;
//   - the message (`err.message`, `String(err)`, `${err}`): low (often a message the app wrote).
// Anything behind a development check (`NODE_ENV !== 'production' ? err.stack : undefined`) is fine.
// `err.stack` of a catch binding or of an `(err, req, res, next)` handler is left to
// debug-error-handler (config rules), which reports exactly that; this rule covers the rest.
import type { Rule, Scope } from 'eslint';
import type { AssignmentExpression, CallExpression, Function as FunctionNode, Identifier, Node, NewExpression } from 'estree';
import { responseSinkOf } from '../analysis/responses.js';
import { findVariable } from '../analysis/scope.js';
import { outerParent as parentOf, staticPropertyName, stripWrappers as unwrap } from '../analysis/syntax-helpers.js';
import { defineRule } from './define.js';
import type { Level } from './types.js';

const ERROR_NAMES = /^(?:e|err|error|ex|exc|exception|er|reason)$/i;
const ARRAY_CALLBACKS = new Set(['map', 'forEach', 'filter', 'find', 'some', 'every', 'reduce', 'flatMap', 'sort', 'findIndex']);
const DRIVER_FIELDS = new Set(['sql', 'sqlMessage', 'sqlState', 'original', 'parent', 'query', 'detail', 'where', 'parameters', 'errno', 'code', 'config', 'request', 'response']);
const DEVELOPMENT_CHECK = /NODE_ENV|isDev|isDevelopment|development|isProd|production|\bdebug\b|DEBUG|env\s*===?|get\(\s*['"]env['"]\s*\)/;

type Leak = { readonly what: 'stack' | 'object' | 'driver' | 'message'; readonly confidence: Level; readonly text: string };

export const errorDetailsLeak = defineRule(
  {
    id: 'error-details-leak',
    name: 'Error details sent to the client',
    cwe: 209,
    owasp: 'A04:2021-Insecure Design',
    severity: 'medium',
    confidence: 'high',
    message: 'Error internals (stack trace, driver fields or the raw error) are sent to the client; they reveal code paths, queries and versions to an attacker.',
    fix: 'Log the error server-side and send a generic message with a correlation id; expose stacks only behind an explicit development check.',
    docs: {
      description:
        'Finds responses whose body carries an error caught in a `catch` block, an error-handling middleware (`(err, req, res, next)`), a promise `.catch` or a Node-style callback: the stack (`err.stack`, `util.inspect(err)`) at high confidence, the raw error object or database-driver fields (`err.sql`, `err.sqlMessage`) at medium, and the message (`err.message`, `String(err)`) at low confidence, since it is often a message the application wrote itself. Values behind a `NODE_ENV`/development check are not reported.',
      vulnerable: "app.use((err, req, res, next) => {\n  res.status(500).send(err.stack);\n});",
      safe: "app.use((err, req, res, next) => {\n  logger.error(err);\n  res.status(500).json({ error: 'Internal server error', id: req.id });\n});",
    },
  },
  (context, report) => {
    const check = (node: CallExpression | NewExpression): void => {
      const sink = responseSinkOf(node);
      if (sink === undefined || sink.payload.length === 0) return;
      if (guardedByDevelopmentCheck(node, context)) return;
      const fastify = node.type === 'CallExpression' && /^(?:reply|rep)\b/.test(context.sourceCode.getText(node.callee));
      let worst: Leak | undefined;
      let where: Node | undefined;
      for (const body of sink.payload) {
        const leak = leakIn(body, context, 0);
        if (leak !== undefined && (worst === undefined || rank(leak.confidence) > rank(worst.confidence))) [worst, where] = [leak, body];
      }
      if (worst === undefined || where === undefined) return;
      // `err.stack` of a catch binding or an (err, req, res, next) handler is debug-error-handler's
      if (worst.what === 'stack' && coveredByDebugErrorHandler(worst.text, where, context)) return;
      const confidence = fastify && worst.what === 'object' ? 'low' : worst.confidence;
      // reported on the body sent (debug-error-handler reports the call for err.stack in handlers)
      report(where, { confidence, detail: `(\`${worst.text}\` reaches \`${sink.method}\`)` });
    };
    return {
      CallExpression: (node) => check(node as CallExpression),
      NewExpression: (node) => check(node as NewExpression),
      // Koa: ctx.body = { error: err.stack }
      AssignmentExpression(node) {
        const assignment = node as AssignmentExpression;
        const target = assignment.left;
        if (target.type !== 'MemberExpression' || staticPropertyName(target.property, target.computed) !== 'body') return;
        if (!/^(?:ctx|context)(?:\.response)?$/.test(context.sourceCode.getText(target.object))) return;
        if (guardedByDevelopmentCheck(assignment, context)) return;
        const leak = leakIn(assignment.right, context, 0);
        if (leak !== undefined) report(assignment.right, { confidence: leak.confidence, detail: `(\`${leak.text}\` becomes the response body)` });
      },
    };
  },
);

function rank(level: Level): number {
  return level === 'high' ? 3 : level === 'medium' ? 2 : 1;
}

/** The most revealing error detail in a response body expression. */
function leakIn(node: Node, context: Rule.RuleContext, depth: number): Leak | undefined {
  if (depth > 6) return undefined;
  const inner = unwrap(node);
  const next = (child: Node | null | undefined): Leak | undefined => (child === null || child === undefined ? undefined : leakIn(child, context, depth + 1));
  const best = (children: readonly (Node | null | undefined)[]): Leak | undefined => {
    let found: Leak | undefined;
    for (const child of children) {
      const leak = next(child);
      if (leak !== undefined && (found === undefined || rank(leak.confidence) > rank(found.confidence))) found = leak;
    }
    return found;
  };
  switch (inner.type) {
    case 'Identifier': {
      if (isErrorValue(inner, context)) return { what: 'object', confidence: 'medium', text: inner.name };
      // const body = { error: err.stack }; res.json(body)
      const variable = findVariable(inner, context);
      const def = variable?.defs[0];
      if (def?.type === 'Variable' && variable?.defs.length === 1 && def.node.init !== null && def.node.init !== undefined && def.node.id.type === 'Identifier') return next(def.node.init);
      return undefined;
    }
    case 'MemberExpression': {
      const name = staticPropertyName(inner.property, inner.computed);
      const object = unwrap(inner.object);
      if (object.type === 'Identifier' && isErrorValue(object, context)) {
        const text = context.sourceCode.getText(inner);
        if (name === 'stack') return { what: 'stack', confidence: 'high', text };
        if (name === 'message') return { what: 'message', confidence: 'low', text };
        if (name !== undefined && DRIVER_FIELDS.has(name) && name !== 'code' && name !== 'errno') return { what: 'driver', confidence: 'medium', text };
        return undefined;
      }
      return undefined;
    }
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      const [first, second] = inner.arguments;
      const calleeText = context.sourceCode.getText(callee);
      if (/(?:^|\.)inspect$/.test(calleeText) && first !== undefined && errorArgument(first, context)) return { what: 'stack', confidence: 'high', text: context.sourceCode.getText(inner) };
      if (calleeText === 'JSON.stringify' && first !== undefined && errorArgument(first, context)) {
        const full = second !== undefined && /getOwnPropertyNames/.test(context.sourceCode.getText(second));
        return { what: full ? 'stack' : 'object', confidence: full ? 'high' : 'medium', text: context.sourceCode.getText(inner) };
      }
      if (calleeText === 'String' && first !== undefined && errorArgument(first, context)) return { what: 'message', confidence: 'low', text: context.sourceCode.getText(inner) };
      if (callee.type === 'MemberExpression' && staticPropertyName(callee.property, callee.computed) === 'toString' && errorArgument(callee.object, context)) return { what: 'message', confidence: 'low', text: context.sourceCode.getText(inner) };
      return undefined;
    }
    case 'TemplateLiteral': {
      const leak = best(inner.expressions);
      return leak?.what === 'object' ? { what: 'message', confidence: 'low', text: leak.text } : leak;
    }
    case 'BinaryExpression': {
      if (inner.operator !== '+' || inner.left.type === 'PrivateIdentifier') return undefined;
      const leak = best([inner.left, inner.right]);
      return leak?.what === 'object' ? { what: 'message', confidence: 'low', text: leak.text } : leak;
    }
    case 'ObjectExpression':
      return best(inner.properties.map((property) => (property.type === 'SpreadElement' ? property.argument : property.value)));
    case 'ArrayExpression':
      return best(inner.elements.map((element) => (element?.type === 'SpreadElement' ? element.argument : element)));
    case 'ConditionalExpression':
      if (DEVELOPMENT_CHECK.test(context.sourceCode.getText(inner.test))) return undefined;
      return best([inner.consequent, inner.alternate]);
    case 'LogicalExpression':
      if (DEVELOPMENT_CHECK.test(context.sourceCode.getText(inner.left))) return undefined;
      return best([inner.left, inner.right]);
    default:
      return undefined;
  }
}

function errorArgument(node: Node, context: Rule.RuleContext): boolean {
  const inner = unwrap(node);
  return inner.type === 'Identifier' && isErrorValue(inner, context);
}

const errorCache = new WeakMap<Scope.Variable, boolean>();

/** An identifier bound to a caught or handled error (see the file comment). */
function isErrorValue(identifier: Identifier, context: Rule.RuleContext): boolean {
  const variable = findVariable(identifier, context);
  if (variable === undefined || variable.defs.length !== 1) return false;
  const cached = errorCache.get(variable);
  if (cached !== undefined) return cached;
  errorCache.set(variable, false);
  const result = classify(variable, context);
  errorCache.set(variable, result);
  return result;
}

function classify(variable: Scope.Variable, context: Rule.RuleContext): boolean {
  const def = variable.defs[0];
  if (def === undefined) return false;
  if (def.type === 'CatchClause') return true;
  if (def.type === 'Variable') {
    // const error = err as Error
    const init = def.node.init === null || def.node.init === undefined ? undefined : unwrap(def.node.init);
    return def.node.id.type === 'Identifier' && init?.type === 'Identifier' && isErrorValue(init, context);
  }
  if (def.type !== 'Parameter') return false;
  const fn = def.node as FunctionNode;
  const index = fn.params.indexOf(def.name as never);
  if (index !== 0) return false;
  const name = (def.name as Identifier).name;
  // (err, req, res, next): an Express error handler, whatever the first parameter is called
  if (fn.params.length === 4) return true;
  const parent = parentOf(fn);
  if (parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression') {
    const method = staticPropertyName(parent.callee.property, parent.callee.computed);
    if (method === 'catch' || method === 'setErrorHandler' || method === 'onError') return true;
    if (method === 'then' && parent.arguments[1] === fn) return true;
    const [event] = parent.arguments;
    if (method === 'on' && event?.type === 'Literal' && event.value === 'error') return true;
    if (method !== undefined && ARRAY_CALLBACKS.has(method)) return false; // items.map((e) => ...)
  }
  // Node-style callbacks: (err, rows) => ...; a lone `e` is too common a name for anything else
  return fn.params.length >= 2 ? ERROR_NAMES.test(name) : /^(?:err|error|exception)$/i.test(name);
}

/** `<name>.stack` where name is a catch binding or the first parameter of a four-parameter handler. */
function coveredByDebugErrorHandler(text: string, body: Node, context: Rule.RuleContext): boolean {
  const match = /^([A-Za-z_$][\w$]*)\.stack$/.exec(text);
  if (match === null) return false;
  const scope = context.sourceCode.getScope(body);
  for (let s: Scope.Scope | null = scope; s !== null; s = s.upper) {
    const variable = s.set.get(match[1] ?? '');
    if (variable === undefined) continue;
    const def = variable.defs[0];
    if (def?.type === 'CatchClause') return true;
    return def?.type === 'Parameter' && (def.node as FunctionNode).params.length === 4 && (def.node as FunctionNode).params[0] === def.name;
  }
  return false;
}

/** The response sits in a branch of a development check: `if (process.env.NODE_ENV !== 'production') res.send(err.stack)`. */
function guardedByDevelopmentCheck(node: Node, context: Rule.RuleContext): boolean {
  let child: Node = node;
  for (let parent = parentOf(node); parent !== undefined; child = parent, parent = parentOf(parent)) {
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && child !== parent.test && DEVELOPMENT_CHECK.test(context.sourceCode.getText(parent.test))) return true;
    if (parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression' || parent.type === 'ArrowFunctionExpression') return false;
  }
  return false;
}
