// Route config and reply fields of the headers layer (Fastify's types, by module augmentation).
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Security headers profile: `'api'` (default) or `'page'` (an HTML page; CSP from
     * `policy.headers.pageCsp`). */
    headers?: 'api' | 'page';
    /** Page profile: a fresh CSP nonce per response (default `policy.headers.pageCspNonce`). */
    cspNonce?: boolean;
  }
  interface FastifyReply {
    /** This response's CSP nonce (page routes with nonces on), else null. Put it in
     * `<script nonce="...">` and `<style nonce="...">`; it is never reused. */
    cspNonce: string | null;
  }
}

export {};
