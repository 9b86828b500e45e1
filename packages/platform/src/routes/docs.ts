// /openapi.json and /docs, development only (server.ts registers them only then; guard refuses
// documentation routes in production). Routes registered after this are documented.
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RouteAccess } from '@rampart/guard';
import { buildOpenApiDocument, docsPage } from './openapi-document.js';
import type { DocumentedRoute } from './openapi-document.js';

export function registerDocs(app: FastifyInstance): void {
  const routes: DocumentedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    for (const method of methods) {
      routes.push({
        method: String(method),
        url: route.url,
        ...(route.schema ? { schema: route.schema as DocumentedRoute['schema'] } : {}),
        ...(access !== undefined ? { access } : {}),
      });
    }
  });

  let document: Record<string, unknown> | undefined;
  let documentText: string | undefined;
  const current = () => (document ??= buildOpenApiDocument(routes, { title: 'Rampart platform API', version: '0.1.0' }));

  // The document is free-form JSON, which guard rightly refuses as a response schema: it is
  // sent as text already serialised (Fastify sends a string with a JSON content type as is).
  app.get(
    '/openapi.json',
    {
      config: { access: 'public', rateLimit: 'public' },
      schema: { response: { 200: { type: 'string' } } },
    },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send((documentText ??= JSON.stringify(current()))),
  );
  // An HTML page: guard's page headers profile (policy.headers.pageCsp; the page has no script).
  app.get(
    '/docs',
    {
      config: { access: 'public', rateLimit: 'public', headers: 'page' },
      schema: { response: { 200: { type: 'string' } } },
    },
    async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage(current())),
  );
}
