import { describe, expect, it } from 'vitest';
import { parseSpec } from './spec-load.js';
import { lineOfOperation } from './spec-lines.js';
import { operationsOf } from './spec-operations.js';

const openapi31 = `openapi: 3.1.0
info: { title: t, version: '1' }
servers:
  - url: https://api.example.com/v1
security:
  - oauth: [notes:read]
paths:
  /notes/{id}:
    parameters:
      - { name: id, in: path, schema: { type: integer } }
    get:
      tags: [notes]
      parameters:
        - { name: fields, in: query, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { id: { type: integer }, email: { type: string } } }
    patch:
      x-roles: [editor]
      requestBody:
        content:
          application/merge-patch+json:
            schema: { type: object, properties: { text: { type: string } } }
      responses: { '200': { description: ok } }
  /health:
    get:
      security: []
      responses: { '200': { description: ok } }
`;

describe('operationsOf (OpenAPI 3.1)', () => {
  it('lists every operation with its base path, parameters, security, roles, body and response fields', async () => {
    const operations = operationsOf(await parseSpec(openapi31, 'api.yaml'));
    expect(operations.map((op) => `${op.method} ${op.path}`)).toEqual(['GET /v1/notes/{id}', 'PATCH /v1/notes/{id}', 'GET /v1/health']);
    const [get, patch, health] = operations;
    expect(get?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
      { name: 'fields', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(get).toMatchObject({ security: 'required', scopes: ['notes:read'], tags: ['notes'], responseFields: ['id', 'email'] });
    expect(patch).toMatchObject({ roles: ['editor'], requestBody: { type: 'object' } });
    expect(health).toMatchObject({ security: 'none', scopes: [] });
  });

  it('points each operation at the line of its method key', async () => {
    const operations = operationsOf(await parseSpec(openapi31, 'api.yaml'));
    const lines = openapi31.split('\n');
    expect(operations.map((op) => lines[(op.source?.line ?? 0) - 1]?.trim())).toEqual(['get:', 'patch:', 'get:']);
    expect(operations[0]?.source?.file).toBe('api.yaml');
  });
});

describe('operationsOf (Swagger 2.0)', () => {
  it('reads basePath, body parameters and parameters typed in place; no security is undeclared', async () => {
    const swagger = JSON.stringify({
      swagger: '2.0',
      info: { title: 't', version: '1' },
      basePath: '/api/',
      paths: {
        '/users': {
          post: {
            parameters: [
              { name: 'body', in: 'body', schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
              { name: 'dryRun', in: 'query', type: 'boolean' },
            ],
            responses: { 201: { description: 'created', schema: { type: 'object', properties: { id: { type: 'string' } } } } },
          },
        },
      },
    });
    const [post] = operationsOf(await parseSpec(swagger, 'swagger.json'));
    expect(post).toMatchObject({
      method: 'POST',
      path: '/api/users',
      security: 'undeclared',
      requestBody: { required: ['name'] },
      parameters: [{ name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } }],
      responseFields: ['id'],
    });
  });
});

describe('lineOfOperation', () => {
  it('finds the method under the right path in pretty JSON, and falls back to line 1', () => {
    const text = JSON.stringify({ paths: { '/a': { get: {} }, '/b': { get: {}, post: {} } } }, null, 2);
    const lines = text.split('\n');
    expect(lines[lineOfOperation(text, '/b', 'post') - 1]).toMatch(/"post"/);
    expect(lineOfOperation(text, '/b', 'get')).toBeGreaterThan(lineOfOperation(text, '/a', 'get'));
    expect(lineOfOperation(text, '/missing', 'get')).toBe(1);
  });
});
