// docs/api.md is the platform's HTTP contract in the repository. It is checked against the
// OpenAPI document the running platform builds from its route declarations (GET /openapi.json
// in development): every operation of the document has a row (method and path) in the page's
// tables, every row names an operation of the document, and the rows of the page's section
// "Outside the OpenAPI document" are really outside it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../access/test-support/server.js';
import type { TestServer } from '../access/test-support/server.js';
import { openApiPath } from './openapi-document.js';

const API_MD = fileURLToPath(new URL('../../../../docs/api.md', import.meta.url));
const OUTSIDE = 'Outside the OpenAPI document';
const ROW = /^\| (GET|POST|PUT|PATCH|DELETE) \| (\/\S*) \|/;

/** `METHOD /path/{param}` of every table row, by the `##` section it is in. */
function documentedOperations(markdown: string): { inDocument: string[]; outside: string[] } {
  const inDocument: string[] = [];
  const outside: string[] = [];
  let section = '';
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const row = ROW.exec(line);
    if (!row) continue;
    const operation = `${row[1]} ${openApiPath(row[2] as string).path}`;
    (section === OUTSIDE ? outside : inDocument).push(operation);
  }
  return { inDocument, outside };
}

describe('docs/api.md against the platform OpenAPI document', { timeout: 240_000 }, () => {
  let server: TestServer;
  let operations: string[];
  beforeAll(async () => {
    server = await startTestServer('pglite');
    const answer = await server.call('GET', '/openapi.json');
    expect(answer.status).toBe(200);
    const document = answer.json() as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
  });
  afterAll(() => server?.close());
  const page = documentedOperations(readFileSync(API_MD, 'utf8'));

  it('lists every operation of the document', () => {
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter((operation) => !page.inDocument.includes(operation))).toEqual([]);
  });

  it('lists nothing the document lacks, and each operation once', () => {
    expect(page.inDocument.filter((operation) => !operations.includes(operation))).toEqual([]);
    expect(new Set(page.inDocument).size).toBe(page.inDocument.length);
  });

  it('keeps the section "Outside the OpenAPI document" outside it', () => {
    expect(page.outside.length).toBeGreaterThan(0);
    expect(page.outside.filter((operation) => operations.includes(operation))).toEqual([]);
  });
});
