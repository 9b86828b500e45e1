// The guard plugin: resolves the policy, composes the request layers into ONE onRequest hook
// (hosts -> request-id -> headers -> cors -> authenticate -> rate-limit -> authorize, with the
// rate limiter's decisions placed where each request's key is first known), installs the error
// and not-found handlers, the JSON body layer, the route policy and security.txt.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { createAuthenticateLayer } from './authenticate/index.js';
import { createAuthorizeLayer } from './authorize/index.js';
import { registerBodyLayer } from './body/index.js';
import { limitConnectionsPerAddress, trustedProxyMatcher } from './connections/index.js';
import { createCorsLayer } from './cors/index.js';
import { GuardError, createErrorHandler, createNotFoundHandler } from './errors/index.js';
import { errorResponseOptions } from './errors/policy-options.js';
import { claimErrorHandlers } from './errors/handler-ownership.js';
import { createHeadersLayer } from './headers/index.js';
import { createHostsLayer } from './hosts/index.js';
import { PolicyError, resolvePolicy } from './policy/index.js';
import type { GuardPolicy, GuardPolicyInput, LayerCheck } from './policy/types.js';
import { closeStoreOnClose, createRateLimiter, type RateLimiter } from './rate-limit/index.js';
import { installAlsoKeyStage } from './rate-limit/also-key-stage.js';
import { createRequestIdLayer } from './request-id/index.js';
import { installRoutePolicy } from './route-policy/index.js';
import { GUARD_STATE, guardStateOf, scopeFor, tag, type GuardState } from './scope/state.js';
import { securityTxtRoute } from './security-txt/index.js';

const CLOSING_HEADERS = Object.freeze({ connection: 'close' });
/** While closing, how often connections that became idle are closed. */
const IDLE_SWEEP_MS = 50;

/** The layers in their agreed order. The rate limiter counts each request once, as early as its
 * key is known, so that no refused or over-limit request costs more work than a plain one: a Host
 * refusal and a preflight in `public` by address (before they are answered), address-keyed
 * classes before authentication (no token verification for an over-limit client), and the
 * `authenticated` class after it, by subject (an address already over that class's limit is
 * refused before its token is verified). */
export function guardLayers(policy: GuardPolicy, limiter: RateLimiter = createRateLimiter(policy)): LayerCheck[] {
  return [
    limiter.countingRefusals(createHostsLayer(policy)),
    createRequestIdLayer(policy),
    createHeadersLayer(policy),
    limiter.preflight,
    createCorsLayer(policy),
    limiter.admit,
    createAuthenticateLayer(policy),
    limiter.settle,
    createAuthorizeLayer(policy),
  ];
}

/**
 * One onRequest hook running `layers` in order. Synchronous layers are called without await;
 * only a returned promise is awaited. A layer that returns an Error stops the chain (the error
 * handler answers); a layer that answered itself (CORS preflight) stops it too.
 */
export function composeLayers(layers: readonly LayerCheck[], isClosing: () => boolean = () => false) {
  return function guardOnRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (isClosing()) {
      done(new GuardError('RAMPART_ERR_HTTP_CLOSING', { headers: CLOSING_HEADERS, retryAfterSeconds: 5 }));
      return;
    }
    runLayers(layers, 0, request, reply, done);
  };
}

/** Runs `layers` from `start`. A module-level function, so that a request whose layers all answer
 * synchronously (the common case) allocates no closure; a continuation is made only when a layer
 * returns a promise. */
function runLayers(layers: readonly LayerCheck[], start: number, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const count = layers.length;
  for (let i = start; i < count; i++) {
    let result: ReturnType<LayerCheck>;
    try {
      result = (layers[i] as LayerCheck)(request, reply);
    } catch (error) {
      done(error instanceof Error ? error : new Error('layer threw a non-Error value', { cause: error }));
      return;
    }
    if (result === undefined) {
      if (reply.sent) return;
      continue;
    }
    if (result instanceof Error) {
      done(result);
      return;
    }
    const next = i + 1;
    result.then(
      (outcome) => {
        if (outcome instanceof Error) done(outcome);
        else if (!reply.sent) runLayers(layers, next, request, reply, done);
      },
      (error: unknown) => done(error instanceof Error ? error : new Error('layer rejected', { cause: error })),
    );
    return;
  }
  done();
}

async function guardPlugin(app: FastifyInstance, input: GuardPolicyInput): Promise<void> {
  if (guardStateOf(app)) {
    // A second guard would run every layer twice and fight over the error handler.
    throw new PolicyError('RAMPART_ERR_POLICY_INVALID', [
      { path: '(guard)', message: 'guard is already registered on this server; give a scope its own cors, headers or errors.render with scope.register(guardScope(partialPolicy))' },
    ]);
  }
  const policy = resolvePolicy(input);
  let closing = false;
  const limiter = createRateLimiter(policy);
  const isClosing = () => closing;
  const state: GuardState = {
    owner: app,
    policy,
    // A guard scope's chain: its own policy, the root's rate limiter (one set of counters).
    compose: (scoped) => composeLayers(guardLayers(scoped, limiter), isClosing),
    prefixed: [],
    scoped: false,
  };
  tag(app, GUARD_STATE, state);
  const errorOptions = { ...errorResponseOptions(policy), renderFor: (request: FastifyRequest) => scopeFor(state, request)?.render };

  app.decorateRequest('principal', null);
  app.decorateRequest('guardRoute', undefined);
  app.decorateReply('cspNonce', null);
  // From here on, setErrorHandler/setNotFoundHandler anywhere below `app` are refused.
  const handlers = claimErrorHandlers(app);
  handlers.setErrorHandler(createErrorHandler(errorOptions));
  handlers.setNotFoundHandler(createNotFoundHandler(errorOptions));
  registerBodyLayer(app, policy);
  installRoutePolicy(app, policy);
  limitConnectionsPerAddress(app.server, policy.connections.maxPerAddress, trustedProxyMatcher(policy.trustProxy));

  let idleSweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', (done) => {
    closing = true;
    // server.close() closes the connections idle at that moment only; a keep-alive connection whose
    // in-flight request finishes later would hold the close open until its keep-alive timeout.
    idleSweep = setInterval(() => app.server.closeIdleConnections?.(), IDLE_SWEEP_MS);
    idleSweep.unref();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearInterval(idleSweep);
    done();
  });
  const rootHook = composeLayers(guardLayers(policy, limiter), isClosing);
  // One hook for the whole server: a request runs the chain of its guard scope, or the root's.
  app.addHook('onRequest', function guardDispatch(request, reply, done) {
    if (!state.scoped) {
      rootHook.call(this, request, reply, done);
      return;
    }
    const hook = scopeFor(state, request)?.hook ?? rootHook;
    hook.call(this, request, reply, done);
  });
  // A class's alsoKey (e.g. the account a login names) is counted once the body is parsed, in
  // preValidation, by the same limiter, on the routes of such classes only (also-key-stage.ts).
  installAlsoKeyStage(app, limiter, composeLayers([limiter.preValidation]));
  // guard closes the store it was given on close.
  closeStoreOnClose(app, policy);

  await app.register(securityTxtRoute(policy));
}

/** `app.register(guard, policyInput)`: every request-level layer of Rampart from one policy. */
export const guard = fastifyPlugin<GuardPolicyInput>(guardPlugin, { name: '@rampart/guard', fastify: '5.x' });
