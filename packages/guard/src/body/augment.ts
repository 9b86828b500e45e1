// Route config and request fields of the body layer (Fastify's types, by module augmentation).
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Keep the exact bytes of the body as `request.rawBody` (e.g. to check a webhook signature);
     * `request.body` is still the parsed JSON. */
    rawBody?: boolean;
    /** Media types (`type/subtype`) this route accepts instead of JSON; `request.body` is then a
     * Buffer of the raw bytes (up to the route's `bodyLimit`), and the route declares no
     * `schema.body`. */
    contentTypes?: readonly string[];
  }
  interface FastifyRequest {
    /** The exact body bytes, on routes that declare `config.rawBody: true` (else undefined). */
    rawBody: Buffer | undefined;
  }
}

export {};
