// CORS that lets any site read authenticated responses (CWE-942): the cors middleware (Express),
// @fastify/cors, hono/cors or NestJS enableCors with `origin: '*' | true | /.*/` or an origin
// callback that approves everything, together with `credentials: true`; and hand-set headers that
// reflect the request's Origin (or send '*') next to Access-Control-Allow-Credentials: true.
// Without credentials a reflected or '*' origin only exposes what is public anyway: not reported.
import type { Rule } from 'eslint';
import type { CallExpression, NewExpression, Node, ObjectExpression } from 'estree';
import { resolveCallee, samePath } from '../analysis/callee.js';
import { staticValue } from '../analysis/constant.js';
import { lastName } from '../analysis/flow-target.js';
import { findProperty, objectLiteral } from '../analysis/objects.js';
import { findVariable, singleBinding } from '../analysis/scope.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import { defineRule } from './define.js';

type WithParent = Node & { parent?: Node };

const CORS_PLUGINS = new Set(['@fastify/cors', 'fastify-cors']);

/** Why an `origin` option allows every site, or undefined. */
function anyOrigin(value: Node, context: Rule.RuleContext): string | undefined {
  const inner = stripWrappers(value);
  if (inner.type === 'Literal' && 'regex' in inner && inner.regex !== undefined) return /^\^?\.[*+]\$?$/.test(inner.regex.pattern) ? `origin ${inner.regex.pattern} matches any site` : undefined;
  const constant = staticValue(inner, context);
  if (constant?.value === '*') return "origin '*'";
  if (constant?.value === true) return 'origin: true reflects any Origin';
  if (inner.type === 'ArrowFunctionExpression' || inner.type === 'FunctionExpression') return approvesAll(inner) ? 'the origin callback approves every Origin' : undefined;
  return undefined;
}

/** `(origin, cb) => cb(null, true)`, `function (origin, callback) { callback(null, origin); }`, `() => true`, `(origin) => origin`. */
function approvesAll(fn: Node & { type: 'ArrowFunctionExpression' | 'FunctionExpression' }): boolean {
  const [originParam, callbackParam] = fn.params;
  const originName = originParam?.type === 'Identifier' ? originParam.name : undefined;
  const callbackName = callbackParam?.type === 'Identifier' ? callbackParam.name : undefined;
  const approving = (node: Node): boolean => {
    const inner = stripWrappers(node);
    return (inner.type === 'Literal' && inner.value === true) || (inner.type === 'Identifier' && inner.name === originName && originName !== undefined);
  };
  const isApprovingCall = (node: Node): boolean => {
    const inner = stripWrappers(node);
    if (inner.type !== 'CallExpression' || inner.callee.type !== 'Identifier' || inner.callee.name !== callbackName) return false;
    const [error, result] = inner.arguments;
    return error !== undefined && error.type === 'Literal' && error.value === null && result !== undefined && result.type !== 'SpreadElement' && approving(result);
  };
  if (fn.body.type !== 'BlockStatement') return isApprovingCall(fn.body) || approving(fn.body);
  const statements = fn.body.body;
  if (statements.length !== 1) return false;
  const [only] = statements;
  if (only?.type === 'ExpressionStatement') return isApprovingCall(only.expression);
  if (only?.type === 'ReturnStatement' && only.argument !== null && only.argument !== undefined) return isApprovingCall(only.argument) || approving(only.argument);
  return false;
}

function corsOptions(call: CallExpression, context: Rule.RuleContext): Node | undefined {
  const callee = resolveCallee(call, context);
  if (callee?.module === 'cors' && callee.path.length === 0) return call.arguments[0] as Node | undefined;
  if (callee?.module === 'hono/cors' && samePath(callee.path, ['cors'])) return call.arguments[0] as Node | undefined;
  if (call.callee.type !== 'MemberExpression') return undefined;
  const method = lastName(call.callee);
  return methodCorsOptions(call, method, context);
}

/** socket.io: new Server(httpServer, { cors: { ... } }) or new Server({ cors }). */
function socketIoCorsOptions(node: NewExpression, context: Rule.RuleContext): Node | undefined {
  const callee = resolveCallee(node, context);
  if (callee?.module !== 'socket.io' || (callee.path.length !== 0 && !samePath(callee.path, ['Server']))) return undefined;
  for (const arg of node.arguments.slice(0, 2)) {
    const options = objectLiteral(arg as Node, context);
    const cors = options === undefined ? undefined : findProperty(options, 'cors');
    if (cors !== undefined) return cors.value;
  }
  return undefined;
}

function methodCorsOptions(call: CallExpression, method: string | undefined, context: Rule.RuleContext): Node | undefined {
  if (call.callee.type !== 'MemberExpression') return undefined;
  if (method === 'enableCors') return call.arguments[0] as Node | undefined;
  if (method === 'register') {
    const plugin = call.arguments[0] === undefined ? undefined : resolveCallee(call.arguments[0] as Node, context);
    if (plugin?.module !== undefined && CORS_PLUGINS.has(plugin.module) && plugin.path.length <= 1) return call.arguments[1] as Node | undefined;
  }
  // NestFactory.create(AppModule, { cors: { ... } })
  if (method === 'create' && call.callee.object.type === 'Identifier' && call.callee.object.name === 'NestFactory') {
    const cors = objectLiteral(call.arguments[1] as Node | undefined, context);
    return cors === undefined ? undefined : findProperty(cors, 'cors')?.value;
  }
  return undefined;
}

// --- hand-set headers -------------------------------------------------------------------------

const HEADER_METHODS = new Set(['setHeader', 'header', 'set', 'append', 'writeHead']);

/** An expression reading the request's Origin header: req.headers.origin, req.get('origin'), req.header('Origin'), c.req.header('origin'). */
function isRequestOrigin(node: Node, context: Rule.RuleContext): boolean {
  const inner = stripWrappers(node);
  if (inner.type === 'LogicalExpression') return isRequestOrigin(inner.left, context);
  if (inner.type === 'MemberExpression') return staticPropertyName(inner.property, inner.computed)?.toLowerCase() === 'origin' && /headers$/i.test(lastName(stripWrappers(inner.object)) ?? '');
  if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && ['get', 'header', 'getHeader'].includes(lastName(inner.callee) ?? '')) {
    const [first] = inner.arguments;
    return first !== undefined && first.type !== 'SpreadElement' && String(staticValue(first, context)?.value ?? '').toLowerCase() === 'origin';
  }
  // const origin = req.headers.origin; ... the value of a binding, not any variable called `origin`
  if (inner.type === 'Identifier') {
    const binding = singleBinding(findVariable(inner, context));
    return binding !== undefined && binding.declarator.id === binding.name && isRequestOrigin(binding.init, context);
  }
  return false;
}

/** Whether the header is set only after the origin was checked (`if (allowed.includes(origin))`). */
function isValidated(node: Node, context: Rule.RuleContext): boolean {
  for (let current = node, parent = (node as WithParent).parent ?? undefined; parent !== undefined; current = parent, parent = (parent as WithParent).parent ?? undefined) {
    if (parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression' || parent.type === 'ArrowFunctionExpression') return false;
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== current) {
      const test = context.sourceCode.getText(parent.test);
      if (/origin/i.test(test) && /includes|indexOf|\bhas\b|\btest\b|match|startsWith|endsWith|===?|!==?|\bin\b/.test(test)) return true;
    }
  }
  return false;
}

interface HeaderSet {
  readonly node: Node;
  readonly name: string;
  readonly value: Node;
}

function headerSets(call: CallExpression, context: Rule.RuleContext): HeaderSet[] {
  if (call.callee.type !== 'MemberExpression' || !HEADER_METHODS.has(lastName(call.callee) ?? '')) return [];
  const [first, second] = call.arguments;
  if (first === undefined || first.type === 'SpreadElement') return [];
  const name = staticValue(first, context)?.value;
  if (typeof name === 'string' && second !== undefined && second.type !== 'SpreadElement') return [{ node: call, name: name.toLowerCase(), value: second }];
  // res.set({ 'Access-Control-Allow-Origin': ..., ... }), res.writeHead(200, { ... })
  const object: ObjectExpression | undefined = objectLiteral(typeof name === 'number' ? (second as Node | undefined) : first, context);
  if (object === undefined) return [];
  return object.properties.flatMap((property) => {
    if (property.type !== 'Property') return [];
    const key = staticPropertyName(property.key, property.computed);
    return key === undefined ? [] : [{ node: property, name: key.toLowerCase(), value: property.value }];
  });
}

function enclosingFunction(node: Node): Node | undefined {
  for (let current = ((node as WithParent).parent ?? undefined); current !== undefined; current = ((current as WithParent).parent ?? undefined)) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return current;
  }
  return undefined;
}

export const corsCredentialsAnyOrigin = defineRule(
  {
    id: 'cors-credentials-any-origin',
    name: 'CORS with credentials for any origin',
    cwe: 942,
    owasp: 'A05:2021-Security Misconfiguration',
    severity: 'high',
    confidence: 'high',
    message: "CORS allows credentials for any origin: any website can make authenticated requests with the user's cookies and read the responses.",
    fix: 'List the allowed origins explicitly (an array or a function that checks an allow list) when `credentials: true`, or drop credentials for a public API.',
    docs: {
      description:
        "Reports `cors()`, `@fastify/cors`, `hono/cors` and NestJS `enableCors`/`NestFactory.create({ cors })` options with `credentials: true` and an origin that allows every site (`'*'`, `true`, `/.*/`, or a callback that approves every origin), " +
        "and handlers that set `Access-Control-Allow-Origin` to the request's `Origin` header (or `*`) next to `Access-Control-Allow-Credentials: true` (same function: high; elsewhere in the file: medium). " +
        'A reflected or `*` origin without credentials is not reported: it exposes only what an anonymous request could read.',
      vulnerable: 'app.use(cors({ origin: true, credentials: true }));',
      safe: "app.use(cors({ origin: ['https://app.example.com'], credentials: true }));",
    },
  },
  (context, report) => {
    const origins: { set: HeaderSet; fn: Node | undefined; wildcard: boolean }[] = [];
    const credentials: (Node | undefined)[] = [];
    const checkOptions = (options: Node | undefined): boolean => {
      const object = objectLiteral(options, context);
      if (object === undefined) return false;
      const origin = findProperty(object, 'origin');
      const credentialsOption = findProperty(object, 'credentials');
      const allowsCredentials = credentialsOption !== undefined && staticValue(credentialsOption.value, context)?.value === true;
      const why = origin === undefined ? undefined : anyOrigin(origin.value, context);
      // '*' with credentials is refused by browsers (a broken config more than an open one): medium
      if (allowsCredentials && why !== undefined && origin !== undefined) report(origin, { confidence: why === "origin '*'" ? 'medium' : 'high', detail: `(${why}, with credentials: true)` });
      return true;
    };
    return {
      NewExpression(node) {
        checkOptions(socketIoCorsOptions(node, context));
      },
      CallExpression(node) {
        if (checkOptions(corsOptions(node, context))) return;
        for (const set of headerSets(node, context)) {
          if (set.name === 'access-control-allow-origin') {
            const wildcard = staticValue(set.value, context)?.value === '*';
            if ((wildcard || isRequestOrigin(set.value, context)) && !isValidated(set.node, context)) origins.push({ set, fn: enclosingFunction(set.node), wildcard });
          } else if (set.name === 'access-control-allow-credentials' && ['true', true].includes(staticValue(set.value, context)?.value as string | boolean)) {
            credentials.push(enclosingFunction(set.node));
          }
        }
      },
      'Program:exit'() {
        if (credentials.length === 0) return;
        for (const { set, fn, wildcard } of origins) {
          // '*' with credentials is refused by browsers; reflecting the Origin is what makes it work.
          // A '*' is only worth a (medium) finding next to the credentials header it contradicts.
          const sameFunction = credentials.includes(fn);
          if (wildcard && !sameFunction) continue;
          report(set.node, {
            confidence: sameFunction && !wildcard ? 'high' : 'medium',
            detail: wildcard ? "('*' with Access-Control-Allow-Credentials: true)" : "(the request's Origin is reflected, with Access-Control-Allow-Credentials: true)",
          });
        }
      },
    };
  },
);
