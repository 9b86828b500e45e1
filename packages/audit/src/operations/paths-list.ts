// Operations without a document: --path PATH (repeatable) and --paths-file FILE, one
// `[METHOD] /path/{param}` a line (GET when no method is given; # starts a comment).
import { readFile } from 'node:fs/promises';
import type { HttpMethod, Operation } from './types.js';

const METHODS = new Set<string>(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']);
export const MAX_LISTED_PATHS = 2_000;

export class PathListError extends Error {
  readonly code = 'AUDIT_PATH_LIST_INVALID';
}

/** One `[METHOD] /path` entry, or the reason it is not one. */
export function parsePathEntry(entry: string): Operation | string {
  const words = entry.trim().split(/\s+/);
  const [first = '', second] = words;
  const method = second === undefined ? 'GET' : first.toUpperCase();
  const path = second ?? first;
  if (words.length > 2 || !METHODS.has(method)) return `expected '[METHOD] /path', got "${entry}"`;
  if (!path.startsWith('/') || /[\s#]/.test(path)) return `expected a path starting with "/", got "${path}"`;
  const names = [...path.matchAll(/\{([^{}/]+)\}/g)].map((m) => m[1] ?? '');
  return {
    method: method as HttpMethod,
    path,
    parameters: names.map((name) => ({ name, in: 'path', required: true })),
    security: 'undeclared',
    scopes: [],
    roles: [],
    tags: [],
    responseFields: [],
  };
}

export async function readPathsFile(file: string): Promise<Operation[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PathListError(`--paths-file ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lines = text.split(/\r?\n/).map((line, index) => ({ number: index + 1, entry: line.replace(/#.*$/, '').trim() }));
  const entries = lines.filter((line) => line.entry !== '');
  if (entries.length > MAX_LISTED_PATHS) throw new PathListError(`--paths-file ${file}: more than ${MAX_LISTED_PATHS} paths`);
  return entries.map(({ number, entry }) => {
    const parsed = parsePathEntry(entry);
    if (typeof parsed === 'string') throw new PathListError(`--paths-file ${file} line ${number}: ${parsed}`);
    return parsed;
  });
}
