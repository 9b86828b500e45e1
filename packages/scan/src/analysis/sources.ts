// Request sources: the expressions through which an HTTP client's data enters a handler.
//
// A *request object* is a parameter that holds the framework's request (Express/Fastify/hapi/Node
// `req`, Koa `ctx`, Hono `c`, Web/Next.js `Request`, NestJS `@Req()`). It is recognised
//   - by position in a route registration seen in the file (`app.get('/p', mw, (req, res) => ...)`,
//     `router.use(...)`, `fastify.route({ handler })`, `http.createServer((req, res) => ...)`,
//     `server.on('request', ...)`, a Next.js `export function GET(request)`): confidence high;
//   - by its type annotation (`req: Request`, `FastifyRequest`, `IncomingMessage`, `NextRequest`,
//     Koa `Context`): high;
//   - by its conventional name (`req`, `request`, `ctx`): high next to a `res`/`reply`/`next`
//     parameter, medium alone (handlers are often defined in one file and registered in another);
//   - a Lambda's `event` (first parameter named event/evt: high for an exported `handler`, medium
//     otherwise), whose `body`, `queryStringParameters`, `pathParameters`, `headers` are the client's.
// The request object itself is not a source; the parts a client controls are: `req.query`,
// `req.body`, `req.params`, `req.headers`, `req.cookies`, `req.url`, `req.get('x')`,
// `ctx.request.body`, `c.req.query('x')`, `await request.json()`, `request.nextUrl.searchParams`...
// Server-side state on the request (`req.user`, `req.session`, `req.ip`, `req.method`) is not.
// GraphQL resolver arguments (`Query: { user: (parent, args) => ... }`, Nest `@Args()`) are too.
// NestJS parameters decorated `@Body/@Query/@Param/@Headers` are sources themselves, unless a
// parsing pipe (`ParseIntPipe`, `ParseUUIDPipe`, ...) turns them into numbers, UUIDs or enums.
// Hono's `c.req.valid(...)` returns schema-validated data: it stays a source, at low confidence.
// WebSocket messages (`socket.on('chat', (msg) => ...)`, `ws.on('message', ...)` on a receiver named
// socket/ws/websocket) are sources at medium confidence.
import type { Rule, Scope } from 'eslint';
import type { Function as FunctionNode, Identifier, Node, Pattern } from 'estree';
import { outerParent as parentOf, staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';
import { findVariable } from './scope.js';

export type Confidence = 'high' | 'medium' | 'low';

export interface SourceMatch {
  /** How the source reads in code, e.g. `req.query`, `c.req.param()`, `@Body() dto`. */
  readonly source: string;
  readonly confidence: Confidence;
}

export interface RequestObject {
  /** The parameter's name, used to spell sources (`req`, `ctx`, `c`). */
  readonly name: string;
  readonly confidence: Confidence;
}

/** Properties of a request (any framework) whose value the client chooses. */
const CLIENT_PROPERTIES = new Set([
  'query', 'body', 'params', 'headers', 'header', 'cookies', 'signedCookies', 'path', 'url', 'originalUrl',
  'hostname', 'host', 'files', 'file', 'querystring', 'search', 'href', 'payload', 'rawBody', 'searchParams', 'pathname',
  // AWS Lambda behind API Gateway / function URLs
  'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'multiValueHeaders', 'rawQueryString', 'rawPath',
]);
/** Methods of a request returning client data: Express `get/header/param`, Koa `get`, Web `json/text/formData`. */
const CLIENT_METHODS = new Set(['get', 'header', 'param', 'json', 'text', 'formData', 'arrayBuffer', 'blob']);
/** Hono's `c.req` methods (the object itself is reached through `.req`). */
const HONO_METHODS = new Set(['param', 'query', 'queries', 'header', 'json', 'parseBody', 'text', 'formData', 'arrayBuffer', 'blob', 'valid']);
/** Sub-objects that are requests themselves: Koa `ctx.request`/`ctx.req`, Hono `c.req`, Fastify `request.raw`, Next `nextUrl`. */
const NESTED_REQUESTS = new Set(['request', 'req', 'raw', 'nextUrl']);

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use', 'route', 'any', 'on']);
const REQUEST_NAMES = new Set(['req', 'request', 'ctx']);
const COMPANION_NAMES = new Set(['res', 'resp', 'response', 'reply', 'next', 'h']);
const REQUEST_TYPES = new Set(['Request', 'FastifyRequest', 'IncomingMessage', 'NextRequest', 'Context', 'ParameterizedContext', 'HonoRequest', 'NextApiRequest']);
const NEST_SOURCES = new Set(['Body', 'Query', 'Param', 'Headers', 'Cookies', 'UploadedFile', 'UploadedFiles', 'Args', 'HostParam']);
const NEST_REQUEST = new Set(['Req', 'Request']);
const NEST_PARSING_PIPES = new Set(['ParseIntPipe', 'ParseFloatPipe', 'ParseBoolPipe', 'ParseUUIDPipe', 'ParseEnumPipe', 'ParseDatePipe']);
const NEXT_HANDLERS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

const requestCache = new WeakMap<Scope.Variable, RequestObject | null>();

/**
 * The source `node` reads, when it is exactly one (`req.query`, `req.get('host')`, `c.req.json()`,
 * a NestJS `@Body()` parameter); deeper reads (`req.query.id`) are the taint analysis' business.
 */
export function requestSourceOf(node: Node, context: Rule.RuleContext): SourceMatch | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return parameterSource(inner, context);
  if (inner.type === 'MemberExpression') {
    const name = staticPropertyName(inner.property, inner.computed);
    if (name === undefined || !CLIENT_PROPERTIES.has(name)) return undefined;
    const base = requestObjectOf(inner.object, context);
    return base === undefined ? undefined : { source: `${base.name}.${name}`, confidence: base.confidence };
  }
  if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression') {
    const callee = inner.callee;
    const name = staticPropertyName(callee.property, callee.computed);
    if (name === undefined) return undefined;
    const object = unwrap(callee.object);
    // Hono: c.req.query('q'); any parameter name, the `.req.<method>()` shape is Hono's own
    if (HONO_METHODS.has(name) && object.type === 'MemberExpression' && staticPropertyName(object.property, object.computed) === 'req') {
      const hono = requestObjectOf(object.object, context) ?? honoContext(object.object, context);
      if (hono !== undefined) return { source: `${hono.name}.req.${name}()`, confidence: name === 'valid' ? 'low' : hono.confidence };
    }
    if (!CLIENT_METHODS.has(name)) return undefined;
    const base = requestObjectOf(object, context);
    return base === undefined ? undefined : { source: `${base.name}.${name}()`, confidence: base.confidence };
  }
  return undefined;
}

/** The request object `node` is (a request parameter, or a request nested in one: `ctx.request`). */
export function requestObjectOf(node: Node, context: Rule.RuleContext): RequestObject | undefined {
  const inner = unwrap(node);
  if (inner.type === 'MemberExpression') {
    const name = staticPropertyName(inner.property, inner.computed);
    if (name === undefined || !NESTED_REQUESTS.has(name)) return undefined;
    const base = requestObjectOf(inner.object, context);
    return base === undefined ? undefined : { name: `${base.name}.${name}`, confidence: base.confidence };
  }
  if (inner.type !== 'Identifier') return undefined;
  const variable = findVariable(inner, context);
  if (variable === undefined) return undefined;
  return requestVariable(variable, context);
}

/** The request object a variable holds: a request parameter, or `const r = ctx.request`. */
export function requestVariable(variable: Scope.Variable, context: Rule.RuleContext): RequestObject | undefined {
  const cached = requestCache.get(variable);
  if (cached !== undefined) return cached ?? undefined;
  requestCache.set(variable, null); // cycle guard
  const result = classify(variable, context);
  requestCache.set(variable, result ?? null);
  return result;
}

function classify(variable: Scope.Variable, context: Rule.RuleContext): RequestObject | undefined {
  const [def] = variable.defs;
  if (def === undefined || variable.defs.length !== 1) return undefined;
  if (def.type === 'Variable') {
    // const r = ctx.request / const { req } = c: an alias of a nested request
    const declarator = def.node;
    if (def.parent.kind !== 'const' || declarator.init === null || declarator.init === undefined) return undefined;
    if (declarator.id.type === 'Identifier') return requestObjectOf(declarator.init, context);
    if (declarator.id.type === 'ObjectPattern') {
      const property = declarator.id.properties.find((p) => p.type === 'Property' && p.value === def.name);
      const key = property?.type === 'Property' ? staticPropertyName(property.key, property.computed) : undefined;
      if (key === undefined || !NESTED_REQUESTS.has(key)) return undefined;
      const base = requestObjectOf(declarator.init, context);
      return base === undefined ? undefined : { name: `${base.name}.${key}`, confidence: base.confidence };
    }
    return undefined;
  }
  if (def.type !== 'Parameter') return undefined;
  const fn = def.node as FunctionNode;
  const index = fn.params.findIndex((param) => unwrapParam(param) === def.name);
  if (index < 0) return undefined;
  const identifier = def.name as Identifier;
  if (nestDecorator(identifier, NEST_REQUEST) !== undefined) return { name: identifier.name, confidence: 'high' };
  const registered = registrationRequestIndex(fn, context);
  if (registered !== undefined) return registered === index && !/^(?:e|err|error|res|response)$/.test(identifier.name) ? { name: identifier.name, confidence: 'high' } : undefined;
  if (REQUEST_TYPES.has(typeName(identifier) ?? '')) return { name: identifier.name, confidence: 'high' };
  // exports.handler = async (event, context) => ...: a Lambda's API Gateway event
  if (index === 0 && /^(?:event|evt)$/.test(identifier.name)) return { name: identifier.name, confidence: isExportedHandler(fn) ? 'high' : 'medium' };
  if (!REQUEST_NAMES.has(identifier.name)) return undefined;
  const companion = fn.params.some((param, i) => i !== index && COMPANION_NAMES.has(unwrapParam(param)?.name ?? ''));
  return { name: identifier.name, confidence: companion ? 'high' : 'medium' };
}

/** `exports.handler = ...`, `module.exports.handler = ...`, `export const handler = ...`, `export async function handler(...)`. */
function isExportedHandler(fn: FunctionNode): boolean {
  const parent = parentOf(fn);
  if (fn.type === 'FunctionDeclaration') return fn.id?.name === 'handler' && parent?.type === 'ExportNamedDeclaration';
  if (parent?.type === 'VariableDeclarator') return parent.id.type === 'Identifier' && parent.id.name === 'handler';
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return staticPropertyName(parent.left.property, parent.left.computed) === 'handler';
  return false;
}

/** `c` in `c.req.query()`: a Hono context is recognised by that shape on any parameter. */
function honoContext(node: Node, context: Rule.RuleContext): RequestObject | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return undefined;
  const variable = findVariable(inner, context);
  const def = variable?.defs[0];
  if (def?.type !== 'Parameter') return undefined;
  const fn = def.node as FunctionNode;
  return { name: inner.name, confidence: registrationRequestIndex(fn, context) === 0 ? 'high' : 'medium' };
}

/** A parameter that is a source itself: NestJS `@Body()`, or the chunk of `req.on('data', chunk => ...)`. */
function parameterSource(identifier: Identifier, context: Rule.RuleContext): SourceMatch | undefined {
  const variable = findVariable(identifier, context);
  const def = variable?.defs[0];
  if (def?.type !== 'Parameter' || variable?.defs.length !== 1) return undefined;
  const param = def.name as Identifier;
  const nest = nestDecorator(param, NEST_SOURCES);
  if (nest !== undefined) return nest.sanitised ? undefined : { source: `@${nest.name}() ${param.name}`, confidence: 'high' };
  const fn = def.node as FunctionNode;
  const graphql = graphqlArguments(fn, param);
  if (graphql !== undefined) return graphql;
  if (fn.params[0] !== param) return undefined;
  const call = parentOf(fn);
  if (call?.type !== 'CallExpression' || call.arguments[1] !== fn || call.callee.type !== 'MemberExpression') return undefined;
  const event = call.arguments[0];
  if (staticPropertyName(call.callee.property, call.callee.computed) !== 'on' || event?.type !== 'Literal' || typeof event.value !== 'string') return undefined;
  // socket.on('chat message', (msg) => ...), ws.on('message', (data) => ...): what a WebSocket client sends
  const receiver = unwrap(call.callee.object);
  if (receiver.type === 'Identifier' && SOCKET_NAMES.test(receiver.name) && !SOCKET_LIFECYCLE.has(event.value)) return { source: `${receiver.name}.on('${event.value}')`, confidence: 'medium' };
  if (event.value !== 'data') return undefined;
  const base = requestObjectOf(call.callee.object, context);
  return base === undefined ? undefined : { source: `${base.name}.on('data')`, confidence: base.confidence };
}

const SOCKET_NAMES = /^(?:socket|ws|websocket|webSocket)$/;
const SOCKET_LIFECYCLE = new Set(['connect', 'connection', 'disconnect', 'disconnecting', 'close', 'error', 'open', 'end', 'drain', 'timeout', 'ping', 'pong', 'upgrade', 'listening', 'ready', 'reconnect', 'finish']);

/** `Query: { user: (parent, args) => ... }`: a GraphQL resolver's second parameter holds the client's arguments. */
export function graphqlArguments(fn: FunctionNode, param: Pattern): SourceMatch | undefined {
  if (fn.params[1] !== param) return undefined;
  const property = parentOf(fn);
  if (property?.type !== 'Property' && (property?.type as string) !== 'MethodDefinition') return undefined;
  const resolvers = property === undefined ? undefined : parentOf(property);
  const owner = resolvers === undefined ? undefined : parentOf(resolvers);
  if (owner?.type !== 'Property') return undefined;
  const type = staticPropertyName(owner.key, owner.computed);
  const name = param.type === 'Identifier' ? param.name : 'args';
  return type === 'Query' || type === 'Mutation' || type === 'Subscription' ? { source: `${type}.${name}`, confidence: 'high' } : undefined;
}

interface NestDecorator {
  readonly name: string;
  readonly sanitised: boolean;
}

function nestDecorator(param: Identifier, names: ReadonlySet<string>): NestDecorator | undefined {
  const decorators = (param as Identifier & { decorators?: { expression: Node }[] }).decorators ?? [];
  for (const decorator of decorators) {
    const expression = decorator.expression;
    if (expression.type !== 'CallExpression' || expression.callee.type !== 'Identifier' || !names.has(expression.callee.name)) continue;
    const sanitised = expression.arguments.some((argument) => {
      const pipe = argument.type === 'NewExpression' ? argument.callee : argument;
      return pipe.type === 'Identifier' && NEST_PARSING_PIPES.has(pipe.name);
    });
    return { name: expression.callee.name, sanitised };
  }
  return undefined;
}

function unwrapParam(param: Pattern): Identifier | undefined {
  let current: Node = param;
  if ((current.type as string) === 'TSParameterProperty') current = (current as unknown as { parameter: Node }).parameter;
  if (current.type === 'AssignmentPattern') current = current.left;
  return current.type === 'Identifier' ? current : undefined;
}

function typeName(param: Identifier): string | undefined {
  const annotation = (param as Identifier & { typeAnnotation?: { typeAnnotation?: { type: string; typeName?: Node } } }).typeAnnotation?.typeAnnotation;
  if (annotation?.type !== 'TSTypeReference' || annotation.typeName === undefined) return undefined;
  const name = annotation.typeName as unknown as { type: string; name?: string; right?: { name: string } };
  if (name.type === 'Identifier') return name.name;
  if (name.type === 'TSQualifiedName') return name.right?.name; // express.Request
  return undefined;
}

/**
 * When `fn` is registered as a request handler in this file, the index of its request parameter
 * (1 for an Express error handler `(err, req, res, next)`, else 0); undefined when it is not.
 */
export function registrationRequestIndex(fn: FunctionNode, context: Rule.RuleContext): number | undefined {
  const requestIndex = fn.params.length === 4 ? 1 : 0;
  for (const site of usesAsValue(fn, context)) if (isHandlerPosition(site, fn.params.length)) return requestIndex;
  // Next.js route handlers: export async function GET(request) { ... }
  if (fn.type === 'FunctionDeclaration' && fn.id !== null && NEXT_HANDLERS.has(fn.id.name) && parentOf(fn)?.type === 'ExportNamedDeclaration') return 0;
  return undefined;
}

/** The nodes where `fn` is used as a value: itself, and each reference to the name it is bound to. */
function usesAsValue(fn: FunctionNode, context: Rule.RuleContext): Node[] {
  const sites: Node[] = [fn];
  let variable: Scope.Variable | undefined;
  if (fn.type === 'FunctionDeclaration' && fn.id !== null) variable = context.sourceCode.scopeManager.getDeclaredVariables(fn)[0];
  const parent = parentOf(fn);
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') variable = findVariable(parent.id, context);
  if (variable !== undefined) for (const reference of variable.references) if (!reference.init) sites.push(reference.identifier as Node);
  return sites;
}

function isHandlerPosition(node: Node, arity: number): boolean {
  const parent = parentOf(node);
  if (parent === undefined) return false;
  // fastify.route({ method, url, handler }) and hooks ({ preHandler })
  if (parent.type === 'Property' && parent.value === node) {
    const key = staticPropertyName(parent.key, parent.computed);
    const object = parentOf(parent);
    const call = object === undefined ? undefined : parentOf(object);
    return (key === 'handler' || key === 'preHandler' || key === 'onRequest') && call?.type === 'CallExpression';
  }
  if (parent.type === 'ArrayExpression') return isHandlerPosition(parent, arity); // app.get('/p', [auth, handler])
  if (parent.type !== 'CallExpression' || !parent.arguments.includes(node as never)) return false;
  const callee = unwrap(parent.callee);
  // http.createServer(handler), https.createServer(options, handler)
  const calleeName = callee.type === 'MemberExpression' ? staticPropertyName(callee.property, callee.computed) : callee.type === 'Identifier' ? callee.name : undefined;
  if (calleeName === 'createServer') return true;
  if (callee.type !== 'MemberExpression' || calleeName === undefined || !ROUTE_METHODS.has(calleeName)) return false;
  const [first] = parent.arguments;
  // server.on('request', (req, res) => ...); not puppeteer's page.on('request', (request) => ...)
  if (calleeName === 'on') return first?.type === 'Literal' && first.value === 'request' && arity >= 2;
  // app.use((req, res, next) => ...); not axios.interceptors.request.use((config) => ...)
  if (calleeName === 'use') return isRouterLike(callee.object) || arity >= 2;
  // app.get('/path', ...) / router.route('/p').get(handler): a path first, or chained on .route()
  if (first !== undefined && first !== node && isPathLike(first) && (first.type === 'Literal' || first.type === 'TemplateLiteral' || isRouterLike(callee.object))) return true;
  const object = unwrap(callee.object);
  return object.type === 'CallExpression' && object.callee.type === 'MemberExpression' && staticPropertyName(object.callee.property, object.callee.computed) === 'route';
}

function isPathLike(node: Node): boolean {
  if (node.type === 'Literal') return (typeof node.value === 'string' && node.value.startsWith('/')) || 'regex' in node;
  if (node.type === 'TemplateLiteral') return (node.quasis[0]?.value.cooked ?? '').startsWith('/');
  if (node.type === 'ArrayExpression') return node.elements.some((element) => element !== null && element.type !== 'SpreadElement' && isPathLike(element));
  return node.type === 'Identifier' || node.type === 'MemberExpression'; // app.get(ROUTES.login, ...)
}

/** `app`, `router`, `server`, `fastify`, `api`, `this.router`: a receiver that registers routes. */
function isRouterLike(node: Node): boolean {
  const inner = unwrap(node);
  const name = inner.type === 'Identifier' ? inner.name : inner.type === 'MemberExpression' ? staticPropertyName(inner.property, inner.computed) : undefined;
  return name !== undefined && /(?:^app|router|server|fastify|^api|routes?|hono|koa)$/i.test(name);
}
