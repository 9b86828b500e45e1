import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SPEC_BYTES, parseSpec, readSpecFile, SpecError } from './spec-load.js';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rampart-spec-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const yaml30 = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /items/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Item' }
components:
  parameters:
    id: { name: id, in: path, required: true, schema: { type: integer } }
  schemas:
    Item:
      type: object
      properties:
        id: { type: integer }
        parent: { $ref: '#/components/schemas/Item' }
`;

describe('parseSpec', () => {
  it('reads OpenAPI 3.0 YAML and resolves internal $refs, leaving circular ones bounded', async () => {
    const spec = await parseSpec(yaml30, 'api.yaml');
    expect(spec.version).toBe('3.0');
    const item = (spec.document.paths as Record<string, { parameters: { name: string }[] }>)['/items/{id}'];
    expect(item?.parameters[0]?.name).toBe('id');
  });

  it.each([
    ['{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}', '3.1'],
    ['{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}', '2.0'],
  ])('knows the version of %s', async (text, version) => {
    expect((await parseSpec(text, 'x.json')).version).toBe(version);
  });

  it.each([
    ['{"openapi": "2.5", "paths": {}}', 'x: not an OpenAPI 3.0/3.1 or Swagger 2.0 document (no "openapi: 3.x" or "swagger: 2.0")'],
    ['{"openapi": "3.0.0"}', 'x: the document has no "paths" object'],
    ['[1, 2]', 'x: not an OpenAPI document (no top-level object)'],
    ['{"openapi": ', 'x: not valid JSON or YAML'],
    ['openapi: [unclosed', 'x: not valid JSON or YAML'],
  ])('refuses %j', async (text, message) => {
    const error = await parseSpec(text, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message.startsWith(message)).toBe(true);
  });

  it('never follows an external $ref (no local file is read on behalf of a document)', async () => {
    const text = JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a': { $ref: '/etc/passwd' } } });
    const spec = await parseSpec(text, 'x').catch((e: unknown) => e);
    expect(JSON.stringify(spec instanceof Error ? spec.message : spec)).not.toMatch(/root:/);
  });

  it('refuses a YAML alias bomb', async () => {
    const bomb = `openapi: 3.0.0\npaths: {}\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i === 0 ? '*a' : `*b${i - 1}`).join(', ')}]`).join('\n')}\n`;
    await expect(parseSpec(bomb, 'bomb.yaml')).rejects.toBeInstanceOf(SpecError);
  });
});

describe('readSpecFile', () => {
  it('names the file when it cannot be read', async () => {
    await expect(readSpecFile(join(directory, 'missing.yaml'))).rejects.toThrow(`--openapi ${join(directory, 'missing.yaml')}: cannot read the file (ENOENT)`);
  });

  it(`refuses a file over ${MAX_SPEC_BYTES / 1024 / 1024} MiB before reading it`, async () => {
    const big = join(directory, 'big.json');
    await writeFile(big, '');
    await truncate(big, MAX_SPEC_BYTES + 1);
    await expect(readSpecFile(big)).rejects.toThrow(/is over 5 MiB/);
  });
});
