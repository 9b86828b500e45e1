// Typed access to request parts that the route's schema has already validated. Routes do not
// pass Fastify route generics: with them, TypeScript stops inferring the route `config` type,
// which clashes with other plugins' augmentations of the same config key in one program.
import type { FastifyRequest } from 'fastify';

/** The `:id` path parameter, validated as a UUID by `idParams`; lower-cased. */
export function idOf(request: FastifyRequest): string {
  return (request.params as { id: string }).id.toLowerCase();
}

/** The body, validated by the route's body schema (strict: no coercion, no extra fields). */
export function bodyOf<T>(request: FastifyRequest): T {
  return request.body as T;
}

/** The query string, validated (and defaulted) by the route's querystring schema. */
export function queryOf<T>(request: FastifyRequest): T {
  return request.query as T;
}
