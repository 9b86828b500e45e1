// guard answers every error and every 404 itself: an application handler set later, at the root
// or in any encapsulated scope, would silently replace guard's (its body shape, reference id,
// logging, headers). Fastify has no hook for "a handler was set", but a child instance is
// `Object.create(parent)`: every scope created below the instance guard is registered on
// inherits its methods. Replacing both setters there with read-only refusals reaches every
// scope, registered before or after, at any depth; guard keeps the originals for itself.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Start-up error: an application tried to replace guard's error or not-found handler. */
export class HandlerOwnershipError extends Error {
  readonly code = 'RAMPART_ERR_ERROR_HANDLER_REPLACED' as const;
  override readonly name = 'HandlerOwnershipError';
}

type Setter = 'setErrorHandler' | 'setNotFoundHandler';

const ALTERNATIVE: Readonly<Record<Setter, string>> = {
  setErrorHandler:
    'shape error bodies with the policy setting errors.render (a renderer receives status, wire code, message, reference and validation details), and raise application errors as GuardError with a code from errors.codes',
  setNotFoundHandler:
    "guard answers unmatched routes with RAMPART_ERR_HTTP_NOT_FOUND; shape the body with the policy setting errors.render, or declare the route (and throw GuardError with a code from errors.codes)",
};

function refusal(setter: Setter, prefix: string): HandlerOwnershipError {
  const where = prefix ? `in the scope with prefix "${prefix}"` : 'at the root';
  return new HandlerOwnershipError(
    `RAMPART_ERR_ERROR_HANDLER_REPLACED: app.${setter}() called ${where} after guard was registered; it would silently replace guard's handler. Instead, ${ALTERNATIVE[setter]}.`,
  );
}

type Handler<A extends unknown[]> = (...args: A) => void;

export interface OwnedHandlers {
  setErrorHandler(handler: Handler<[unknown, FastifyRequest, FastifyReply]>): void;
  setNotFoundHandler(handler: Handler<[FastifyRequest, FastifyReply]>): void;
}

// Fastify's overloaded setter types do not accept a plain function value; the call is the same.
type PlainSetter = (this: FastifyInstance, handler: unknown) => FastifyInstance;

/** Installs the refusals on `app` (and so on every scope below it); returns the original
 * setters bound to `app`, for guard's own handlers. */
export function claimErrorHandlers(app: FastifyInstance): OwnedHandlers {
  const setErrorHandler = app.setErrorHandler as PlainSetter;
  const setNotFoundHandler = app.setNotFoundHandler as PlainSetter;
  for (const setter of ['setErrorHandler', 'setNotFoundHandler'] as const) {
    Object.defineProperty(app, setter, {
      value: function refused(this: FastifyInstance): never {
        throw refusal(setter, this.prefix);
      },
      // Read-only: a scope cannot assign its way around the refusal either.
      writable: false,
      configurable: false,
      enumerable: false,
    });
  }
  return {
    setErrorHandler: (handler) => void setErrorHandler.call(app, handler),
    setNotFoundHandler: (handler) => void setNotFoundHandler.call(app, handler),
  };
}
