// Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document from a file, a URL or a response body,
// bounded in size, and resolves its internal $refs with @apidevtools/swagger-parser.
// External $refs (other files, other URLs) are not followed: a document fetched from a target
// must not make the auditor read local files or other hosts. Circular $refs stay as they are
// (every walker over schemas is depth-bounded).
import { readFile, stat } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Agent, request } from 'undici';
import { parse as parseYaml } from 'yaml';

export const MAX_SPEC_BYTES = 5 * 1024 * 1024;

/** The document could not be read or is not an OpenAPI/Swagger document (a usage error, exit 2). */
export class SpecError extends Error {
  readonly code = 'AUDIT_SPEC_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

export type SpecVersion = '2.0' | '3.0' | '3.1';

export interface LoadedSpec {
  /** The dereferenced document. */
  readonly document: Readonly<Record<string, unknown>>;
  /** Its text as read, to find each operation's line. */
  readonly text: string;
  /** The file path or URL it came from. */
  readonly source: string;
  readonly version: SpecVersion;
}

export async function readSpecFile(path: string): Promise<LoadedSpec> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_SPEC_BYTES) throw new SpecError(`--openapi ${path}: the file is over ${MAX_SPEC_BYTES / 1024 / 1024} MiB`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw new SpecError(`--openapi ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseSpec(text, path);
}

export async function readSpecUrl(url: URL, settings: { timeoutMs: number; ca?: string }): Promise<LoadedSpec> {
  const agent = new Agent({ connect: { timeout: settings.timeoutMs, ...(settings.ca === undefined ? {} : { ca: settings.ca }) } });
  try {
    const response = await request(url, {
      dispatcher: agent,
      headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' },
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new SpecError(`--openapi ${url.href}: answered ${response.statusCode}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_SPEC_BYTES) {
        response.body.destroy();
        throw new SpecError(`--openapi ${url.href}: the document is over ${MAX_SPEC_BYTES / 1024 / 1024} MiB`);
      }
      chunks.push(chunk);
    }
    return await parseSpec(Buffer.concat(chunks).toString('utf8'), url.href);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw new SpecError(`--openapi ${url.href}: cannot fetch the document (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    await agent.close();
  }
}

function parseText(text: string, source: string): unknown {
  const trimmed = text.trimStart();
  try {
    // JSON is YAML too, but JSON.parse is faster and its errors are clearer.
    if (trimmed.startsWith('{')) return JSON.parse(trimmed);
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new SpecError(`${source}: not valid JSON or YAML (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`);
  }
}

export function specVersionOf(document: Record<string, unknown>): SpecVersion | undefined {
  if (document.swagger === '2.0') return '2.0';
  if (typeof document.openapi === 'string') {
    if (document.openapi.startsWith('3.0')) return '3.0';
    if (document.openapi.startsWith('3.1')) return '3.1';
  }
  return undefined;
}

export async function parseSpec(text: string, source: string): Promise<LoadedSpec> {
  const parsed = parseText(text, source);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SpecError(`${source}: not an OpenAPI document (no top-level object)`);
  const document = parsed as Record<string, unknown>;
  const version = specVersionOf(document);
  if (version === undefined) throw new SpecError(`${source}: not an OpenAPI 3.0/3.1 or Swagger 2.0 document (no "openapi: 3.x" or "swagger: 2.0")`);
  if (typeof document.paths !== 'object' || document.paths === null) throw new SpecError(`${source}: the document has no "paths" object`);
  let dereferenced: unknown;
  try {
    dereferenced = await SwaggerParser.dereference(structuredClone(document) as never, {
      resolve: { external: false },
      dereference: { circular: 'ignore' },
    });
  } catch (error) {
    throw new SpecError(`${source}: cannot resolve its $refs (${error instanceof Error ? error.message.split('\n')[0] : 'error'})`);
  }
  return { document: dereferenced as Record<string, unknown>, text, source, version };
}
