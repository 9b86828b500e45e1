// A small OpenAPI 3.1 document built from the routes' own declarations (their JSON schemas and
// guard config), so that it can never drift from what the server validates.
import type { RouteAccess } from '@rampart/guard';

export interface DocumentedRoute {
  readonly method: string;
  readonly url: string;
  readonly schema?: {
    readonly body?: unknown;
    readonly params?: unknown;
    readonly querystring?: unknown;
    readonly response?: Readonly<Record<string, unknown>>;
  };
  readonly access?: RouteAccess;
}

type Json = Record<string, unknown>;

/** `/api/users/:id` -> `/api/users/{id}` and the names of its path parameters. */
export function openApiPath(url: string): { path: string; names: string[] } {
  const names: string[] = [];
  const path = url.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    names.push(name);
    return `{${name}}`;
  });
  return { path, names };
}

function schemaProperties(schema: unknown): Record<string, unknown> {
  if (typeof schema !== 'object' || schema === null) return {};
  const properties = (schema as { properties?: unknown }).properties;
  return typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : {};
}

function operation(route: DocumentedRoute): Json {
  const { names } = openApiPath(route.url);
  const paramSchemas = schemaProperties(route.schema?.params);
  const required = new Set(
    ((route.schema?.querystring as { required?: unknown } | undefined)?.required as string[] | undefined) ?? [],
  );
  const parameters: Json[] = [
    ...names.map((name) => ({ name, in: 'path', required: true, schema: paramSchemas[name] ?? { type: 'string' } })),
    ...Object.entries(schemaProperties(route.schema?.querystring)).map(([name, schema]) => ({
      name,
      in: 'query',
      required: required.has(name),
      schema,
    })),
  ];
  const responses: Json = {};
  for (const [status, schema] of Object.entries(route.schema?.response ?? {})) {
    responses[status] = { description: `status ${status}`, content: { 'application/json': { schema } } };
  }
  const op: Json = { responses };
  if (parameters.length > 0) op.parameters = parameters;
  if (route.schema?.body !== undefined) {
    op.requestBody = { required: true, content: { 'application/json': { schema: route.schema.body } } };
  }
  const access = route.access;
  if (access !== undefined && access !== 'public') {
    op.security = [{ bearer: access === 'authenticated' ? [] : [...(access.scopes ?? [])] }];
    if (typeof access === 'object' && access.roles?.length) op['x-roles'] = [...access.roles];
  } else {
    op.security = [];
  }
  return op;
}

export function buildOpenApiDocument(routes: readonly DocumentedRoute[], info: { title: string; version: string }): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const method = route.method.toLowerCase();
    // Fastify adds a HEAD twin to every GET; documenting it adds nothing.
    if (method === 'head' || method === 'options') continue;
    const { path } = openApiPath(route.url);
    paths[path] ??= {};
    (paths[path] as Json)[method] = operation(route);
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info,
    paths: sorted,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** A script-free page listing the operations (the API's CSP forbids scripts and styles). */
export function docsPage(document: Json): string {
  const rows: string[] = [];
  for (const [path, methods] of Object.entries(document.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(methods)) {
      const security = (op as { security?: { bearer?: string[] }[] }).security ?? [];
      const who = security.length === 0 ? 'public' : `bearer ${(security[0]?.bearer ?? []).join(' ')}`.trim();
      rows.push(`<tr><td>${escapeHtml(method.toUpperCase())}</td><td>${escapeHtml(path)}</td><td>${escapeHtml(who)}</td></tr>`);
    }
  }
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rampart API</title></head><body>',
    '<h1>Rampart API (development)</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a></p>',
    `<table><thead><tr><th>method</th><th>path</th><th>needs</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '</body></html>',
  ].join('');
}
