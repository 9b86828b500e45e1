import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, docsPage, openApiPath } from './openapi-document.js';

describe('openApiPath', () => {
  it('turns Fastify parameters into OpenAPI templates', () => {
    expect(openApiPath('/api/users/:id')).toEqual({ path: '/api/users/{id}', names: ['id'] });
    expect(openApiPath('/a/:x/b/:y_z')).toEqual({ path: '/a/{x}/b/{y_z}', names: ['x', 'y_z'] });
    expect(openApiPath('/health')).toEqual({ path: '/health', names: [] });
  });
});

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument(
    [
      { method: 'GET', url: '/health', access: 'public', schema: { response: { 200: { type: 'object' } } } },
      { method: 'HEAD', url: '/health', access: 'public' },
      {
        method: 'GET',
        url: '/api/courses/:id',
        access: { scopes: ['courses:read'] },
        schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } },
      },
      { method: 'DELETE', url: '/api/courses/:id', access: { scopes: ['courses:delete'], roles: ['admin'] } },
      { method: 'POST', url: '/auth/logout', access: 'authenticated', schema: { body: { type: 'object' } } },
    ],
    { title: 't', version: '1' },
  );
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;

  it('documents each method once, without HEAD twins', () => {
    expect(Object.keys(paths)).toEqual(['/api/courses/{id}', '/auth/logout', '/health']);
    expect(Object.keys(paths['/health'] ?? {})).toEqual(['get']);
    expect(Object.keys(paths['/api/courses/{id}'] ?? {}).sort()).toEqual(['delete', 'get']);
  });

  it('carries the declared needs: public, any token, scopes and roles', () => {
    expect(paths['/health']?.get?.security).toEqual([]);
    expect(paths['/auth/logout']?.post?.security).toEqual([{ bearer: [] }]);
    expect(paths['/api/courses/{id}']?.get?.security).toEqual([{ bearer: ['courses:read'] }]);
    expect(paths['/api/courses/{id}']?.delete?.['x-roles']).toEqual(['admin']);
  });

  it('uses the declared parameter and body schemas', () => {
    expect(paths['/api/courses/{id}']?.get?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
    ]);
    expect(paths['/auth/logout']?.post?.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { type: 'object' } } },
    });
  });
});

describe('docsPage', () => {
  it('escapes everything it prints and has no script', () => {
    const page = docsPage({ paths: { '/x/<script>alert(1)</script>': { get: { security: [] } } } });
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).toContain('public');
  });
});
