// missing-authorization (IDOR): a handler loads, changes or deletes an object by an id the client
// chose (a route parameter, or an id-named query/body field) while nothing on its route checks
// who is asking: no authentication or authorisation middleware, hook or guard recognised by name
// (see analysis/auth-evidence.ts), and no use of the current user in the handler (the shape of an
// ownership check). Confidence follows how much the object looks private (users, orders,
// invoices...) and whether the handler writes; public-looking reads (products, posts) are not
// reported. A route behind authentication only (no role or owner check) is reported only for
// private-looking objects (medium for writes, low for reads): logged in is not allowed.
import type { Rule } from 'eslint';
import type { CallExpression, Node, NewExpression } from 'estree';
import { authKindOf, strongest, usesCurrentUser } from '../analysis/auth-evidence.js';
import { objectIdsOf } from '../analysis/object-ids.js';
import { memberPath, walk } from '../analysis/route-syntax.js';
import type { Route } from '../analysis/routes.js';
import { routesOf } from '../analysis/routes.js';
import { defineRule } from './define.js';
import type { Level } from './types.js';

/** Calls that read or write stored objects: ORMs, query builders, DAOs, services, SQL drivers. */
const DATA_ACCESS =
  /^(?:find|get|load|fetch|read|retrieve|lookup|select|query|execute|exec|update|delete|destroy|remove|upsert|save|patch|modify|edit|replace|set|put)/i;
const WRITES = /update|delete|destroy|remove|upsert|save|patch|modify|edit|replace|^set|^put/i;
/** Receivers that are not stores: the response, the request, logging, parsing, helpers. */
const NOT_STORES = new Set([
  'res', 'response', 'reply', 'req', 'request', 'ctx', 'c', 'console', 'JSON', 'Math', 'Object', 'Array', 'Promise', 'Reflect',
  'String', 'Number', 'Date', 'logger', 'log', 'path', 'fs', 'crypto', 'validator', 'url', 'URL', 'headers', 'params', 'query',
  'body', 'document', 'window', 'process', 'config', 'Buffer', 'moment', 'dayjs', 'Intl',
  // HTTP clients: a call to another service is not a read of this service's objects.
  'axios', 'got', 'superagent', 'needle', 'http', 'https', 'ky', 'undici', 'fetch', '_', 'lodash', 'child_process', 'cp', 'shell',
]);
/** Objects that belong to someone. */
const PRIVATE =
  /user|order|invoice|account|profile|message|payment|basket|cart|address|card|wallet|transaction|allocation|contribution|subscription|employee|patient|statement|bank|benefit|customer|member|purchase|billing|salary|credential|secret|passport/i;
/** Objects that belong to someone in an application that has users (todo lists, notes, files...). */
const PRIVATE_WITH_USERS = /document|memo|note|ticket|booking|reservation|setting|record|inbox|chat|conversation|notification|file|upload|attachment|report|task|todo|appointment|contract/i;
/** Whether the file knows about users at all; without them, a todo list is nobody's. */
const HAS_USERS = /passport|jwt|session|auth|login|token|req\.user|currentUser|password|owner|userId|user_id/i;
/** Objects that are usually readable by anyone. */
const PUBLIC =
  /product|post|article|course|categor|blog|news|book|movie|event|tag|page|recipe|comment|question|challenge|quiz|video|song|track|public|catalog|menu|store|shop|listing|job|review|faq|image|photo|feed|item|country|countries|city|cities|language|locale|currenc|version|release|doc(?:s|umentation)\b|static|asset|plan|price|feature|team|lesson|chapter|game|player|leaderboard|song|album|artist|brand|vendor|restaurant|hotel|location|region|slug/i;
/** Ids that are capabilities: whoever holds the token may use it. */
const CAPABILITY = /token|code|hash|secret|key|signature|nonce|otp|invite|share/i;
/** Routes where loading by id is not an ownership question (or is a different one). */
const NOT_OBJECT_ROUTES = /\/(?:me|admin|public|health|auth|login|logout|register|signup|signin|reset|forgot|verify|confirm|callback|webhooks?|oauth|static|assets)(?:\/|$)/i;

export const missingAuthorization = defineRule(
  {
    id: 'missing-authorization',
    name: 'Object loaded by a client-chosen id without an access check (IDOR)',
    cwe: 639,
    owasp: 'A01:2021-Broken Access Control',
    severity: 'high',
    confidence: 'medium',
    message: 'This handler reads or changes an object by an id taken from the request, and nothing on its route checks that the caller may access that object.',
    fix: "Check ownership in the query itself (`where: { id, ownerId: req.user.id }`) or compare the loaded object's owner with the current user, behind authentication middleware; answer 404 for objects the caller may not see.",
    docs: {
      description:
        'Insecure direct object reference (IDOR, OWASP API1 broken object level authorization): the handler trusts the id in the URL (or an id-named query or body field) and returns or modifies whatever object it names. ' +
        'A finding needs all of: a route parameter or id field reaching a data access call (`findById`, `findByPk`, `findOne({ where: { id } })`, `prisma.x.findUnique`, a DAO or service call, SQL); no authentication or authorisation middleware, hook or guard on the route; and no use of the current user (`req.user`, `req.session.userId`, `ctx.state.user`, `@CurrentUser()`...) in the handler. ' +
        'Middleware is recognised **by name** (auth, authenticate, requireAuth, isAuthenticated, isLoggedIn, ensureLoggedIn, verifyToken, checkJwt, jwt(), passport.authenticate(), protect, guard, Fastify onRequest/preHandler hooks, NestJS @UseGuards and role decorators, option keys such as `config.access`): a custom check with an unrelated name is not seen, and a global guard registered in another file is not either. ' +
        'Middleware that only authenticates (no role, permission or owner in its name) does not prove that the caller owns the object; such routes are reported for private-looking objects: writes at medium, reads at low confidence. ' +
        'Public-looking reads (`/products/:id`, `/posts/:slug`) are not reported; users, orders, invoices, accounts, profiles, documents, messages, payments, baskets and writes raise the confidence.',
      vulnerable: "app.get('/api/orders/:id', async (req, res) => {\n  const order = await Order.findById(req.params.id);\n  res.json(order);\n});",
      safe: "app.get('/api/orders/:id', requireAuth, async (req, res) => {\n  const order = await Order.findOne({ _id: req.params.id, userId: req.user.id });\n  if (!order) return res.sendStatus(404);\n  res.json(order);\n});",
    },
  },
  (context, report) => ({
    'Program:exit'() {
      for (const route of routesOf(context)) {
        const finding = assess(route, context);
        if (finding !== undefined) report(finding.node, { confidence: finding.confidence, detail: finding.detail });
      }
    },
  }),
);

interface Finding {
  readonly node: Node;
  readonly confidence: Level;
  readonly detail: string;
}

function assess(route: Route, context: Rule.RuleContext): Finding | undefined {
  if (route.path !== undefined && NOT_OBJECT_ROUTES.test(route.path)) return undefined;
  // A handler registered elsewhere, in an admin controller: an admin route, not an ownership question.
  if (!route.registered && /admin/i.test(`${context.filename} ${handlerName(route.handler) ?? ''}`)) return undefined;
  const auth = strongest(route.chain.map((node) => authKindOf(node, context)));
  if (auth === 'authz') return undefined;
  if (usesCurrentUser(route.handler)) return undefined;
  if (isLoaderMiddleware(route)) return undefined;
  const ids = objectIdsOf(route.handler);
  const access = firstDataAccess(route, ids);
  if (access === undefined) return undefined;
  // An unguessable token in the URL is the authorisation (reset links, invitations, share links).
  const by = context.sourceCode.getText(access.id);
  if (CAPABILITY.test(by)) return undefined;

  // What is loaded: path segments, id names, the store called, the SQL table, the handler's name.
  const sql = literalText(access.call);
  const name = route.registered ? '' : (handlerName(route.handler) ?? '');
  const table = /\b(?:from|update|into)\s+[`"[]?([\w.]+)/i.exec(sql)?.[1] ?? '';
  const words = [...(route.path ?? '').split('/').filter((part) => !part.startsWith(':') && part !== ''), ...ids.names, ...access.receiver, table, name].join(' ');
  // A controller registered elsewhere belongs to an application structured enough to have users.
  const privateObject = PRIVATE.test(words) || (PRIVATE_WITH_USERS.test(words) && (!route.registered || HAS_USERS.test(context.sourceCode.text)));
  const publicObject = !privateObject && PUBLIC.test(words);
  const method = route.method;
  const write = method === 'PUT' || method === 'PATCH' || method === 'DELETE' || (method !== 'GET' && (WRITES.test(access.name) || /^\s*(?:update|delete)\b/i.test(sql) || (method === undefined && WRITES.test(name))));
  let score = privateObject ? (write ? 3 : 2) : write ? 1 : 0;
  if (publicObject && !write) score = 0;
  // Authenticated only: logged in is not allowed. Writes to private-looking objects are the
  // classic IDOR (medium); reads of them low (profiles are often meant to be seen); others not.
  // A NestJS controller without guards usually sits behind a global guard: one level lower.
  if (auth === 'authn') score = privateObject ? (write ? 2 : 1) : 0;
  else if (route.framework === 'nest') score -= 1;
  if (score <= 0) return undefined;
  const confidence: Level = score >= 3 ? 'high' : score === 2 ? 'medium' : 'low';
  return { node: access.call, confidence, detail: `(\`${by.length > 40 ? `${by.slice(0, 37)}...` : by}\` selects the object${auth === 'authn' ? '; the route only authenticates' : ''})` };
}

/**
 * `req.order = await Order.findById(req.params.id); next()`: a loader in front of other
 * middleware, where the ownership check usually follows; not a finding on its own.
 */
function isLoaderMiddleware(route: Route): boolean {
  const [request, , next] = route.handler.params;
  if (request?.type !== 'Identifier' || next?.type !== 'Identifier') return false;
  let stores = false;
  let continues = false;
  walk(route.handler.body, (node) => {
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
      const path = memberPath(node.left);
      if (path?.length === 2 && path[0] === request.name) stores = true;
    }
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === next.name && node.arguments.length === 0) continues = true;
    return undefined;
  });
  return stores && continues;
}

/** The literal text among a call's arguments (an SQL statement names its table and verb). */
function literalText(call: CallExpression | NewExpression): string {
  return call.arguments
    .map((arg) => (arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value : arg.type === 'TemplateLiteral' ? arg.quasis.map((q) => q.value.cooked ?? '').join(' ') : ''))
    .join(' ');
}

/** The name a handler is stored under: `function show`, `const show =`, `{ show: ... }`, `exports.show =`. */
function handlerName(fn: Node): string | undefined {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  const parent = (fn as Node & { parent?: Node }).parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'Property' || parent?.type === 'MethodDefinition') return parent.key.type === 'Identifier' ? parent.key.name : undefined;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return memberPath(parent.left)?.join('.');
  return undefined;
}

interface DataAccess {
  readonly call: CallExpression | NewExpression;
  readonly name: string;
  readonly receiver: readonly string[];
  readonly id: Node;
}

function firstDataAccess(route: Route, ids: ReturnType<typeof objectIdsOf>): DataAccess | undefined {
  let found: DataAccess | undefined;
  walk(route.handler.body, (node) => {
    if (found !== undefined) return false;
    if (node.type !== 'CallExpression') return undefined;
    const path = memberPath(node.callee);
    if (path === undefined) return undefined;
    const name = path[path.length - 1] ?? '';
    if (!DATA_ACCESS.test(name)) return undefined;
    // A bare function (`getOrder(id)`) is a store call too; a method on the request, the
    // response or a helper object is not.
    if (path.length > 1 && NOT_STORES.has(path[0] ?? '')) return undefined;
    // fetch() is another service; a bare exec()/execute() is a process, not a store.
    if (path.length === 1 && /^(?:fetch|exec|execute|execSync|execFile)$/.test(name)) return undefined;
    for (const arg of node.arguments) {
      const id = ids.find(arg);
      if (id !== undefined) {
        found = { call: node, name, receiver: path.slice(0, -1), id };
        return false;
      }
    }
    return undefined;
  });
  return found;
}
