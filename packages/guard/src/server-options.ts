// Fastify constructor options that guard needs from the start (some settings cannot be changed
// by a plugin): logger with redaction, trusted proxies from the policy only, body limit, request
// ids, prototype-poisoning refusal, path normalisation, strict schemas, and error answers in the
// shared shape even for requests that never reach a route.
import type { Server } from 'node:http';
import type { FastifyBaseLogger, FastifyHttpOptions, FastifyServerOptions } from 'fastify';
import { buildGuardValidator, parseQueryString, PARTS_AJV_OPTIONS } from './body/index.js';
import { createClientErrorHandler, createFrameworkErrorHandler } from './errors/index.js';
import { errorResponseOptions } from './errors/policy-options.js';
import { securityHeaders } from './headers/index.js';
import { guardLoggerOptions, type LogDestination } from './logging/index.js';
import { lazyChildLoggerFactory } from './logging/lazy-child.js';
import { resolvePolicy } from './policy/index.js';
import type { GuardPolicy, GuardPolicyInput } from './policy/types.js';
import { createRequestIdGenerator } from './request-id/index.js';

export interface GuardServerSettings {
  /** pino level (default `info`). */
  readonly logLevel?: string;
  /** Log destination (default standard output). */
  readonly logStream?: LogDestination;
  /** `false` disables logging entirely (tests of other concerns). */
  readonly logger?: false;
  /** Your own logger (a pino instance with your settings) instead of guard's; request loggers
   * are still guard's lazy children. `logLevel` and `logStream` do not apply to it. */
  readonly loggerInstance?: FastifyBaseLogger;
}

/** Only the configured addresses/CIDRs: never `true` or a hop count in production (the policy
 * refuses those there). */
export function fastifyTrustProxy(policy: GuardPolicy): FastifyServerOptions['trustProxy'] {
  const { trustProxy } = policy;
  if (Array.isArray(trustProxy)) return trustProxy.length ? [...trustProxy] : false;
  return trustProxy as boolean | number as FastifyServerOptions['trustProxy'];
}

/** guard's logger, the application's own, or none. Request loggers are lazy children
 * (logging/lazy-child.ts); without a logger Fastify's own factory is kept, because it skips
 * request children altogether, where any other factory costs a call and a check per request. */
function loggerOptions(settings: GuardServerSettings): Pick<FastifyHttpOptions<Server>, 'logger' | 'loggerInstance' | 'childLoggerFactory'> {
  if (settings.loggerInstance !== undefined) return { loggerInstance: settings.loggerInstance, childLoggerFactory: lazyChildLoggerFactory };
  if (settings.logger === false) return { logger: false };
  return { logger: guardLoggerOptions({ level: settings.logLevel, stream: settings.logStream }), childLoggerFactory: lazyChildLoggerFactory };
}

export function guardServerOptions(input: GuardPolicyInput | GuardPolicy = {}, settings: GuardServerSettings = {}): FastifyHttpOptions<Server> {
  const policy = resolvePolicy(input);
  const headers = securityHeaders(policy);
  const requestIdHeader = policy.requestId.header;
  return {
    ...loggerOptions(settings),
    trustProxy: fastifyTrustProxy(policy),
    bodyLimit: policy.body.limitBytes,
    genReqId: createRequestIdGenerator(policy),
    // The request-id generator reads the header itself (and refuses malformed ids).
    requestIdHeader: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: {
      // Path variants (`/AUTH/LOGIN`, `/auth/login/`, `//auth/login`) reach the same route, so
      // they share its rate-limit bucket and policy.
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: 200,
      allowUnsafeRegex: false,
      querystringParser: parseQueryString,
    },
    // Fastify's own 503-on-close answer has neither the shared shape nor the security headers:
    // guard answers it in its onRequest hook instead.
    return503OnClosing: false,
    // Slow clients (slowloris) may not hold a connection for long. keepAliveTimeout stays at
    // Fastify's 72 s, longer than common load balancers' idle timeouts (shorter causes 502s).
    requestTimeout: policy.connections.requestTimeoutMs,
    http: {
      // Node requires headersTimeout <= requestTimeout.
      headersTimeout: Math.min(policy.connections.headersTimeoutMs, policy.connections.requestTimeoutMs),
      requestTimeout: policy.connections.requestTimeoutMs,
      // Node checks both timeouts on this interval (default 30 s, which lets a timed-out request
      // live up to 30 s longer); a pass over the open connections each second is cheap.
      connectionsCheckingInterval: 1_000,
    },
    // Inactive sockets (a client that stops reading) are closed; above the keep-alive timeout.
    connectionTimeout: 120_000,
    forceCloseConnections: 'idle',
    exposeHeadRoutes: true,
    frameworkErrors: createFrameworkErrorHandler(errorResponseOptions(policy)),
    clientErrorHandler: createClientErrorHandler(headers, requestIdHeader),
    ajv: { customOptions: { ...PARTS_AJV_OPTIONS } },
    schemaController: { compilersFactory: { buildValidator: buildGuardValidator } },
  };
}
