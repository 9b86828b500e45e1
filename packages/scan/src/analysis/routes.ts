// The route model: every request handler a file defines, with what is known about the route it
// serves (framework, method, path, the middleware, hooks, guards or options in front of it).
// Express, Koa (@koa/router), Hono and Fastify registrations, Fastify's route({...}), NestJS
// controllers, and "detached" handlers: functions shaped like (req, res) whose route is
// registered in another file (controllers, NodeGoat-style handler objects, Juice Shop factories).
import type { Rule } from 'eslint';
import type { CallExpression, Node, ObjectExpression, Program } from 'estree';
import { decoratorsOf, isFunction, keyName, literalString, memberName, memberPath, walk } from './route-syntax.js';
import type { FunctionLike } from './route-syntax.js';

export type Framework = 'express' | 'fastify' | 'hono' | 'koa' | 'nest' | 'unknown';

export interface Route {
  readonly framework: Framework;
  /** Upper-case HTTP method; 'ALL' for all(); undefined when the route is not in this file. */
  readonly method: string | undefined;
  /** The path as written (Nest: controller prefix joined with the method's path). */
  readonly path: string | undefined;
  readonly handler: FunctionLike;
  /** Whatever runs before the handler and may authenticate: middleware arguments, applicable
   * use() middleware, Fastify hooks and route options, Nest class and method decorators. */
  readonly chain: readonly Node[];
  /** False for a detached handler: its registration (and so its middleware) is elsewhere. */
  readonly registered: boolean;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
const NEST_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options']);
/** Fastify lifecycle stages that run before the handler and are where authentication lives. */
export const FASTIFY_PRE_HANDLER_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler']);

const cache = new WeakMap<Program, readonly Route[]>();

export function routesOf(context: Rule.RuleContext): readonly Route[] {
  const ast = context.sourceCode.ast as Program;
  let routes = cache.get(ast);
  if (routes === undefined) {
    routes = collectRoutes(ast);
    cache.set(ast, routes);
  }
  return routes;
}

/** The route whose handler is `fn`, if any. */
export function routeOfHandler(fn: Node, context: Rule.RuleContext): Route | undefined {
  return routesOf(context).find((route) => route.handler === fn);
}

interface UseCall {
  readonly object: string | undefined;
  readonly prefix: string | undefined;
  readonly middleware: readonly Node[];
}

function collectRoutes(ast: Program): Route[] {
  const functions = new Map<string, FunctionLike>();
  const uses: UseCall[] = [];
  const hooks: Node[] = [];
  const calls: CallExpression[] = [];
  const classes: Node[] = [];
  const candidates: FunctionLike[] = [];
  /** Functions stored under a property name (`{ show: (req, res) => ... }`, `exports.show = ...`, class methods); null when ambiguous. */
  const members = new Map<string, FunctionLike | null>();
  const member = (name: string | undefined, fn: Node | null | undefined): void => {
    if (name === undefined || !isFunction(fn)) return;
    members.set(name, members.has(name) ? null : fn);
  };
  walk(ast, (node) => {
    if (node.type === 'FunctionDeclaration' && node.id) functions.set(node.id.name, node);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && isFunction(node.init)) functions.set(node.id.name, node.init);
    if (node.type === 'Property') member(keyName(node.key, node.computed), node.value);
    if (node.type === 'MethodDefinition') member(keyName(node.key, node.computed), node.value);
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') member(memberName(node.left), node.right);
    if (node.type === 'CallExpression') calls.push(node);
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') classes.push(node);
    if (isFunction(node)) candidates.push(node);
  });

  const routes: Pending[] = [];
  const resolve = (node: Node | undefined, depth = 0): FunctionLike | undefined => {
    if (depth > 3) return undefined;
    if (node === undefined) return undefined;
    if (isFunction(node)) return node;
    if (node.type === 'Identifier') return functions.get(node.name);
    // asyncHandler(async (req, res) => ...), catchAsync(fn), wrap(controller.show)
    if (node.type === 'CallExpression' && node.arguments.length >= 1) return resolve(node.arguments[node.arguments.length - 1] as Node, depth + 1);
    // controller.show, this.show: a function this file stores under that name
    if (node.type === 'MemberExpression') return members.get(memberName(node) ?? '') ?? undefined;
    return undefined;
  };

  for (const call of calls) {
    if (call.callee.type !== 'MemberExpression') continue;
    const method = memberName(call.callee);
    const object = objectName(call.callee.object);
    if (method === 'use') {
      const args = call.arguments as Node[];
      const prefix = literalString(args[0]);
      uses.push({ object, prefix, middleware: prefix === undefined ? args : args.slice(1) });
      continue;
    }
    if (method === 'addHook' && FASTIFY_PRE_HANDLER_HOOKS.has(literalString(call.arguments[0]) ?? '')) {
      hooks.push(...(call.arguments.slice(1) as Node[]));
      continue;
    }
    if (method === 'route' && call.arguments.length === 1 && call.arguments[0]?.type === 'ObjectExpression') {
      const route = fastifyRouteObject(call.arguments[0], resolve);
      if (route) routes.push(route);
      continue;
    }
    if (method === undefined || !METHODS.has(method)) continue;
    const registration = routeCall(call, method, resolve);
    if (registration) routes.push({ ...registration, object });
  }

  // Middleware registered with use() or as a Fastify hook applies to the routes of the file: on
  // the same object under its path prefix; when it mounts the route's router
  // (`app.use('/api', auth, router)`); and, without a prefix, on any other object (the app a
  // router is mounted on), the conservative choice.
  const withUses: Route[] = routes.map((route) => {
    const applicable = uses.flatMap((use) => {
      if (use.object === route.object) return use.prefix === undefined || pathUnder(route.path, use.prefix) ? use.middleware : [];
      const mount = use.middleware.findIndex((node) => node.type === 'Identifier' && node.name === route.object);
      if (mount >= 0) return use.middleware.slice(0, mount);
      return use.prefix === undefined ? use.middleware : [];
    });
    const { framework, method, path, handler, chain, registered } = route;
    return { framework, method, path, handler, registered, chain: [...chain, ...applicable, ...hooks] };
  });

  for (const klass of classes) withUses.push(...nestRoutes(klass));

  const registeredHandlers = new Set(withUses.map((route) => route.handler));
  for (const fn of candidates) {
    if (registeredHandlers.has(fn)) continue;
    const framework = detachedFramework(fn);
    if (framework !== undefined) withUses.push({ framework, method: undefined, path: undefined, handler: fn, chain: [], registered: false });
  }
  return withUses;
}

function objectName(node: Node): string | undefined {
  const path = memberPath(node);
  return path?.join('.');
}

function normalisePrefix(prefix: string): string {
  return prefix.replace(/\*+$/, '').replace(/\/+$/, '');
}

function pathUnder(path: string | undefined, prefix: string): boolean {
  const base = normalisePrefix(prefix);
  if (base === '' || path === undefined) return true;
  return path === base || path.startsWith(`${base}/`);
}

type RouteWithoutUses = Omit<Route, 'chain'> & { chain: Node[] };
type Pending = RouteWithoutUses & { object?: string | undefined };

function routeCall(call: CallExpression, method: string, resolve: (node: Node | undefined) => FunctionLike | undefined): RouteWithoutUses | undefined {
  const args = call.arguments as Node[];
  const callee = call.callee as Node & { object: Node };
  let path = literalString(args[0]);
  let rest = args.slice(1);
  // router.route('/x').get(handler).post(handler)
  if (path === undefined) {
    const routePath = chainedRoutePath(callee.object);
    if (routePath === undefined) return undefined;
    path = routePath;
    rest = args;
  }
  if (!/^[/*]/.test(path) && path !== '') return undefined;
  if (rest.length === 0) return undefined;
  const last = rest[rest.length - 1] as Node;
  // Fastify: app.get(path, { preHandler, handler }) or app.get(path, options, handler).
  if (last.type === 'ObjectExpression') {
    const handler = resolve(propertyValue(last, 'handler'));
    if (handler === undefined) return undefined;
    return { framework: 'fastify', method: method.toUpperCase(), path, handler, chain: [...rest.slice(0, -1), ...fastifyOptionChain(last)], registered: true };
  }
  const handler = resolve(last);
  if (handler === undefined) return undefined;
  const middleware = rest.slice(0, -1);
  const chain: Node[] = [];
  for (const item of middleware) {
    if (item.type === 'ObjectExpression') chain.push(...fastifyOptionChain(item));
    else chain.push(item);
  }
  const framework: Framework = middleware.some((item) => item.type === 'ObjectExpression') ? 'fastify' : frameworkOfHandler(handler);
  return { framework, method: method === 'del' ? 'DELETE' : method.toUpperCase(), path, handler, chain, registered: true };
}

function chainedRoutePath(node: Node): string | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
  const name = memberName(node.callee);
  if (name === 'route') return literalString(node.arguments[0]);
  if (name !== undefined && METHODS.has(name)) return chainedRoutePath(node.callee.object);
  return undefined;
}

function propertyValue(object: ObjectExpression, name: string): Node | undefined {
  for (const property of object.properties) {
    if (property.type === 'Property' && keyName(property.key, property.computed) === name) return property.value;
  }
  return undefined;
}

/** The parts of a Fastify route options object that can authenticate: hooks and `config`. */
function fastifyOptionChain(options: ObjectExpression): Node[] {
  const chain: Node[] = [];
  for (const property of options.properties) {
    if (property.type !== 'Property') continue;
    const key = keyName(property.key, property.computed);
    if (key !== undefined && FASTIFY_PRE_HANDLER_HOOKS.has(key)) chain.push(property.value.type === 'ArrayExpression' ? property.value : property);
    if (key === 'config' && property.value.type === 'ObjectExpression') chain.push(...property.value.properties);
  }
  return chain;
}

function fastifyRouteObject(options: ObjectExpression, resolve: (node: Node | undefined) => FunctionLike | undefined): RouteWithoutUses | undefined {
  const handler = resolve(propertyValue(options, 'handler'));
  if (handler === undefined) return undefined;
  const methodNode = propertyValue(options, 'method');
  const method = literalString(methodNode) ?? (methodNode?.type === 'ArrayExpression' ? literalString(methodNode.elements[0] ?? undefined) : undefined);
  return { framework: 'fastify', method: method?.toUpperCase(), path: literalString(propertyValue(options, 'url') ?? propertyValue(options, 'path')), handler, chain: fastifyOptionChain(options), registered: true };
}

function nestRoutes(klass: Node): Route[] {
  const classDecorators = decoratorsOf(klass);
  const controller = classDecorators.find((decorator) => decorator.name === 'Controller');
  if (controller === undefined) return [];
  const prefix = literalString(controller.args[0]) ?? literalString(controller.args[0]?.type === 'ObjectExpression' ? propertyValue(controller.args[0], 'path') : undefined) ?? '';
  const body = (klass as unknown as { body: { body: Node[] } }).body.body;
  const routes: Route[] = [];
  for (const member of body) {
    if (member.type !== 'MethodDefinition' || !isFunction(member.value)) continue;
    const methodDecorators = decoratorsOf(member);
    const verb = methodDecorators.find((decorator) => decorator.name !== undefined && NEST_METHODS.has(decorator.name));
    if (verb === undefined) continue;
    const sub = literalString(verb.args[0]) ?? '';
    const path = `/${[prefix, sub].map((part) => part.replace(/^\/+|\/+$/g, '')).filter((part) => part !== '').join('/')}`;
    routes.push({
      framework: 'nest',
      method: (verb.name as string).toUpperCase(),
      path,
      handler: member.value,
      chain: [...classDecorators.filter((decorator) => decorator !== controller), ...methodDecorators.filter((decorator) => decorator !== verb)].map((decorator) => decorator.node),
      registered: true,
    });
  }
  return routes;
}

function paramNames(fn: FunctionLike): (string | undefined)[] {
  return fn.params.map((param) => {
    const target = param.type === 'AssignmentPattern' ? param.left : param;
    return target.type === 'Identifier' ? target.name : undefined;
  });
}

function frameworkOfHandler(fn: FunctionLike): Framework {
  const [first, second] = paramNames(fn);
  if (second === 'reply') return 'fastify';
  if (first === 'c' && fn.params.length <= 2) return 'hono';
  if (first === 'ctx' || first === 'context') return 'koa';
  return 'express';
}

/** A function not registered in this file that looks like a request handler: (req, res[, next])
 * or (request, reply|response|h). Koa-style (ctx) functions are too ambiguous to count. */
function detachedFramework(fn: FunctionLike): Framework | undefined {
  const [first, second] = paramNames(fn);
  // ({ params, query }, res) => ...: a destructured request (Juice Shop's handler factories)
  if (second !== undefined && /^(?:res|response|resp)$/.test(second) && isDestructuredRequest(fn.params[0])) return 'express';
  if (first === undefined || second === undefined) return undefined;
  if (!/^(?:req|request)$/.test(first)) return undefined;
  if (second === 'reply') return 'fastify';
  if (/^(?:res|response|resp)$/.test(second)) return 'express';
  return undefined;
}

function isDestructuredRequest(param: Node | undefined): boolean {
  if (param?.type !== 'ObjectPattern') return false;
  return param.properties.some((property) => property.type === 'Property' && /^(?:params|query|body)$/.test(keyName(property.key, property.computed) ?? ''));
}
