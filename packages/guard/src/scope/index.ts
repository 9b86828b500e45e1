// `guardScope(partialPolicy)`: guard's policy for one encapsulated scope (e.g. CORS open to `*`
// for `/public/*` while the rest of the server keeps its allow list). It is not a second guard:
// the root guard's one onRequest hook runs this scope's layer chain instead of its own for the
// scope's routes (and for unmatched requests under the scope's prefix), so every layer still
// runs once per request, with one error handler and one set of rate-limit counters.
import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { mergeDefaults } from '../policy/merge.js';
import { PolicyError, type PolicyProblem } from '../policy/policy-error.js';
import { resolvePolicy } from '../policy/resolve.js';
import type { CorsPolicy, GuardPolicy, GuardPolicyInput } from '../policy/types.js';
import type { ErrorRenderer } from '../errors/render.js';
import { ROUTE_SCOPE, SCOPE_ENTRY, guardStateOf, normalizePath, scopeEntryOf, tag, type ScopeEntry } from './state.js';

/** The sections a scope may set; the rest apply to the whole server. */
export interface GuardScopePolicy {
  readonly cors?: GuardPolicyInput['cors'];
  readonly headers?: GuardPolicyInput['headers'];
  readonly errors?: { readonly render?: ErrorRenderer };
}

const SCOPABLE: Readonly<Record<string, ReadonlySet<string> | true>> = {
  cors: true,
  headers: true,
  errors: new Set(['render']),
};

const WHOLE_SERVER =
  'applies to the whole server (hosts, proxies, request ids, connections, rate-limit counters, the body parser, authentication and the error code table are decided once for every request); set it on the root guard';

function scopeProblems(partial: unknown): PolicyProblem[] {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    return [{ path: '(scope policy)', message: 'must be an object with cors, headers or errors.render' }];
  }
  const problems: PolicyProblem[] = [];
  for (const [key, value] of Object.entries(partial)) {
    const allowed = SCOPABLE[key];
    if (allowed === undefined) {
      problems.push({ path: key, message: `cannot be set per scope: it ${WHOLE_SERVER}` });
    } else if (allowed !== true && typeof value === 'object' && value !== null) {
      for (const inner of Object.keys(value)) {
        if (!allowed.has(inner)) problems.push({ path: `${key}.${inner}`, message: `cannot be set per scope: it ${WHOLE_SERVER}` });
      }
    }
  }
  return problems;
}

/** Combinations that resolve but cannot work for a scope. */
function combinationProblems(scope: FastifyInstance, partial: GuardScopePolicy, policy: GuardPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const cors: CorsPolicy = policy.cors;
  if (partial.cors && normalizePath(scope.prefix) === '') {
    problems.push({
      path: 'cors',
      message:
        'a scope with its own CORS needs a prefix (app.register(plugin, { prefix: "/public" })): a preflight for a path with no OPTIONS route matches no route, and is attributed to a scope by its prefix only',
    });
  }
  if (cors.origins === '*' && cors.credentials) {
    problems.push({
      path: 'cors.credentials',
      message: "is true (perhaps inherited from the root guard) together with origins '*': browsers refuse credentials with '*'; set cors.credentials: false in the scope, or list the origins",
    });
  }
  return problems;
}

function refuse(problems: PolicyProblem[]): never {
  throw new PolicyError('RAMPART_ERR_POLICY_INVALID', problems.map((p) => ({ path: `guardScope ${p.path}`, message: p.message })));
}

/**
 * `await scope.register(guardScope({ cors: { origins: '*', credentials: false } }))` inside an
 * encapsulated scope (`app.register(async (scope) => ..., { prefix: '/public' })`), after
 * `app.register(guard, policy)`. The partial policy is merged over the enclosing one (the root
 * guard's, or an enclosing scope's), validated, and refused in production like the root's.
 */
export function guardScope(partial: GuardScopePolicy): FastifyPluginAsync {
  const problems = scopeProblems(partial);
  if (problems.length) refuse(problems);
  const plugin = async (scope: FastifyInstance): Promise<void> => {
    const state = guardStateOf(scope);
    if (!state) refuse([{ path: '(scope)', message: 'guard is not registered: app.register(guard, policy) first, then guardScope inside a scope' }]);
    if (state.owner === scope) {
      refuse([{ path: '(scope)', message: 'registered on the instance guard is registered on: register it inside an encapsulated scope (app.register(async (scope) => { await scope.register(guardScope(...)) }, { prefix }))' }]);
    }
    const enclosing = scopeEntryOf(scope);
    if (enclosing && Object.hasOwn(scope, SCOPE_ENTRY)) refuse([{ path: '(scope)', message: 'this scope already has a guardScope: merge both into one' }]);
    const base = enclosing?.policy ?? state.policy;
    let policy: GuardPolicy;
    try {
      policy = resolvePolicy(mergeDefaults(base, partial) as GuardPolicyInput);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      throw new PolicyError(error.code, error.problems.map((p) => ({ path: `guardScope ${p.path}`, message: p.message })));
    }
    const combinations = combinationProblems(scope, partial, policy);
    if (combinations.length) refuse(combinations);

    const entry: ScopeEntry = {
      prefix: normalizePath(scope.prefix),
      policy,
      hook: state.compose(policy),
      render: policy.errors.render ?? enclosing?.render,
    };
    tag(scope, SCOPE_ENTRY, entry);
    if (entry.prefix !== '') {
      state.prefixed.push(entry);
      state.prefixed.sort((a, b) => b.prefix.length - a.prefix.length);
    }
    state.scoped = true;
    scope.addHook('onRoute', (route: RouteOptions) => {
      // Runs after the enclosing scopes' hooks: the innermost scope wins.
      route.config = { ...(route.config ?? {}), [ROUTE_SCOPE]: entry } as RouteOptions['config'];
    });
  };
  return fastifyPlugin(plugin, { name: '@rampart/guard-scope', fastify: '5.x' });
}
