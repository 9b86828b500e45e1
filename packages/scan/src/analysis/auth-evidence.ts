// Evidence that a route authenticates or authorises its caller, by name (documented in the
// missing-authorization rule): middleware such as requireAuth, isAuthenticated, ensureLoggedIn,
// verifyToken, jwt(...), passport.authenticate(...), checkJwt, protect, NestJS @UseGuards and
// role decorators, Fastify pre-handler hooks; and, inside a handler, any use of the current user
// (req.user, req.session.userId, ctx.state.user, c.get('jwtPayload'), @CurrentUser() ...).
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { decoratorsOf, isFunction, literalString, memberPath, walk } from './route-syntax.js';
import type { FunctionLike } from './route-syntax.js';

/** authz: the middleware decides per role, permission or owner; authn: it only identifies. */
export type AuthKind = 'authz' | 'authn';

const AUTHZ = /admin|role|permission|owner|\bacl|polic(?:y|ies)|authori[sz]|(?:^|[^a-z])can(?:[A-Z_]|\b)|scope|access|rbac|casl|abilit/i;
const AUTHN =
  /auth|log(?:ged)?.?in|signed.?in|jwt|token|guard|protect|passport|verify|bearer|api.?key|(?:require|check|has|valid)\w*(?:session|user)|session\w*(?:check|required|guard)|current.?user|private|secured?\b|restrict|members?only|is.?user/i;
/** Names of routers and controllers mounted with use(): not middleware that checks anything. */
const NOT_MIDDLEWARE = /(?:router|routes|controller|handler)s?$/i;
/** An inline middleware that answers 401/403 or reads the caller's identity. */
const INLINE_CHECK = /\b40[13]\b|unauthori[sz]ed|forbidden|\.user\b|isAuthenticated|authorization|\.session\b/i;

export function authKindOf(node: Node, context: Rule.RuleContext): AuthKind | undefined {
  if (node.type === 'ArrayExpression') return strongest(node.elements.map((element) => (element && element.type !== 'SpreadElement' ? authKindOf(element, context) : undefined)));
  if (isFunction(node)) {
    const text = context.sourceCode.getText(node);
    if (!INLINE_CHECK.test(text)) return undefined;
    return AUTHZ.test(text) ? 'authz' : 'authn';
  }
  // A Fastify hook option or a `config` property (`config: { access: ... }`, `{ auth: true }`).
  if (node.type === 'Property') {
    const key = node.key.type === 'Identifier' ? node.key.name : literalString(node.key);
    if (key !== undefined && /^(?:onRequest|preParsing|preValidation|preHandler)$/.test(key)) return authKindOf(node.value, context) ?? 'authn';
    if (key !== undefined && AUTHZ.test(key)) return literalString(node.value) === 'public' ? undefined : 'authz';
    if (key !== undefined && AUTHN.test(key)) return node.value.type === 'Literal' && node.value.value === false ? undefined : 'authn';
    return undefined;
  }
  const name = namesOf(node);
  if (name === undefined || NOT_MIDDLEWARE.test(name)) return undefined;
  if (AUTHZ.test(name)) return 'authz';
  if (AUTHN.test(name)) return 'authn';
  return undefined;
}

/** Identifier, member path and callee names of a middleware reference or factory call. */
function namesOf(node: Node): string | undefined {
  if (node.type === 'Identifier' || node.type === 'MemberExpression') return memberPath(node)?.join('.');
  if (node.type === 'CallExpression' || node.type === 'NewExpression') {
    const callee = memberPath(node.callee)?.join('.') ?? '';
    const args = node.arguments.map((arg) => (arg.type === 'SpreadElement' ? '' : (literalString(arg) ?? namesOf(arg) ?? ''))).join(' ');
    return `${callee} ${args}`;
  }
  return undefined;
}

export function strongest(kinds: readonly (AuthKind | undefined)[]): AuthKind | undefined {
  if (kinds.includes('authz')) return 'authz';
  if (kinds.includes('authn')) return 'authn';
  return undefined;
}

const REQUEST_OBJECTS = new Set(['req', 'request', 'ctx', 'context', 'c', 'res', 'response', 'reply', 'this', 'event', 'socket']);
const USER_SEGMENTS =
  /^(?:user|currentUser|session|auth|principal|identity|jwt|jwtPayload|claims|viewer|me|loggedInUser|authUser|authorization|token|decoded|subject|sub|uid|account|isAuthenticated|payload)$/;
const USER_VARIABLES = /^(?:currentUser|loggedInUser|authUser|authenticatedUser|sessionUser|principal|viewer|me|self)$/;
const USER_CALLS =
  /^(?:get)?(?:current|authenticated|logged(?:in)?|session|auth|request)users?$|principal|viewer|whoami|isauthenticated|^verify|^decode|authori[sz]e|owner|^assert\w*(?:access|permission)|^ensure\w*(?:access|permission)|^can$|^can[a-z]|abilit|userfrom|fromtoken|authenticatedusers/i;
const USER_PARAM_DECORATORS = /user|session|principal|auth|claims|jwt|account|^me$|viewer|identity/i;

/**
 * Whether the handler uses the identity of its caller anywhere: the usual shape of an ownership
 * check (`order.userId !== req.user.id`, `where: { id, userId: req.user.id }`). Read from the
 * syntax tree, so commented-out fixes do not count.
 */
export function usesCurrentUser(handler: FunctionLike): boolean {
  for (const param of handler.params) {
    const decorators = decoratorsOf(param);
    if (decorators.some((decorator) => decorator.name !== undefined && USER_PARAM_DECORATORS.test(decorator.name))) return true;
  }
  let found = false;
  walk(handler.body, (node) => {
    if (found) return false;
    if (node.type === 'Identifier' && USER_VARIABLES.test(node.name)) found = true;
    if (node.type === 'MemberExpression') {
      const path = memberPath(node);
      if (path !== undefined && REQUEST_OBJECTS.has(path[0] ?? '') && !path.some((segment) => /^(?:params|query|body)$/.test(segment)) && path.slice(1).some((segment) => USER_SEGMENTS.test(segment))) found = true;
    }
    if (node.type === 'CallExpression') {
      const path = memberPath(node.callee) ?? [];
      if (path.some((segment) => USER_CALLS.test(segment))) found = true;
      // Hono's c.get('user') / c.get('jwtPayload'), Koa's ctx.state.get(...)
      const key = literalString(node.arguments[0]);
      if (path[path.length - 1] === 'get' && key !== undefined && USER_SEGMENTS.test(key)) found = true;
    }
    return undefined;
  });
  return found;
}
