// Installs http-mapping.ts at the HTTP edge, once: every route handler registered after it (on
// this instance and every plugin below) has its domain errors turned into guard's errors, so no
// route catches and rethrows. guard owns the error handler itself (and refuses a second one),
// and its `errors.render` chooses bodies only, so the mapping sits between handler and guard.
// The bearer verifier is the other way in: guard's authenticate layer calls it outside any route.
import type { FastifyInstance } from 'fastify';
import type { BearerVerifier, Principal } from '@rampart/guard';
import { toHttpError } from './http-mapping.js';

const installed = new WeakSet<object>();

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

const rethrowMapped = (error: unknown): never => {
  throw toHttpError(error);
};

export function mapDomainErrorsAtTheEdge(app: FastifyInstance): void {
  if (installed.has(app)) return;
  installed.add(app);
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function mappedHandler(this: FastifyInstance, request, reply) {
      try {
        const result: unknown = handler.call(this, request, reply);
        return isThenable(result) ? Promise.resolve(result).catch(rethrowMapped) : result;
      } catch (error) {
        return rethrowMapped(error);
      }
    };
  });
}

/** Guard's BearerVerifier over a verifier that throws domain errors: an outage becomes the 5xx
 * guard passes through ("cannot check now"), a refusal the 401 invalid_token. */
export function httpBearerVerifier<V extends { verify(token: string): Promise<Principal> }>(verifier: V): V & BearerVerifier {
  const verify = async (token: string): Promise<Principal> => {
    try {
      return await verifier.verify(token);
    } catch (error) {
      throw toHttpError(error);
    }
  };
  return Object.assign(Object.create(verifier) as V, { verify });
}
