// The yarn.lock v1 syntax: not YAML but a small indentation format of `key value` pairs and `key:`
// blocks. Read here rather than with @yarnpkg/lockfile or @yarnpkg/parsers because both assign
// parsed keys on plain objects, so an entry or dependency named `__proto__` silently vanishes or
// replaces the result's prototype; this reader keeps every key in a Map and knows each entry's line.
import { LockfileError } from './errors.js';

export interface ClassicEntry {
  /** The descriptors the entry resolves (`ms@^2.0.0`, `ms@^2.1.1`). */
  readonly descriptors: readonly string[];
  readonly line: number;
  readonly fields: ReadonlyMap<string, string>;
  readonly blocks: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export function parseClassicSyntax(text: string, file: string): ClassicEntry[] {
  const out: ClassicEntry[] = [];
  const lines = text.split('\n');
  let current: { descriptors: string[]; line: number; fields: Map<string, string>; blocks: Map<string, Map<string, string>> } | undefined;
  let block: Map<string, string> | undefined;
  const fail = (n: number, what: string): never => {
    throw new LockfileError('malformed', file, `line ${n}: ${what}`);
  };
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = (lines[i] as string).replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (/^\s*\t/.test(raw)) fail(n, 'tabs are not allowed for indentation');
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trimEnd().slice(indent);
    if (indent === 0) {
      if (!body.endsWith(':')) fail(n, 'expected an entry (descriptors followed by ":")');
      current = { descriptors: splitKeys(body.slice(0, -1), () => fail(n, 'unreadable descriptor list')), line: n, fields: new Map(), blocks: new Map() };
      out.push(current);
      block = undefined;
    } else if (indent === 2 && current !== undefined) {
      if (body.endsWith(':')) {
        block = new Map();
        current.blocks.set(unquote(body.slice(0, -1), () => fail(n, 'unreadable key')), block);
      } else {
        const [k, v] = pair(body, () => fail(n, 'expected "key value"'));
        current.fields.set(k, v);
        block = undefined;
      }
    } else if (indent === 4 && block !== undefined) {
      const [k, v] = pair(body, () => fail(n, 'expected "name range"'));
      block.set(k, v);
    } else {
      fail(n, `unexpected indentation (${indent} spaces)`);
    }
  }
  return out;
}

function unquote(s: string, fail: () => never): string {
  if (!s.startsWith('"')) return s;
  try {
    const v: unknown = JSON.parse(s);
    if (typeof v === 'string') return v;
  } catch {
    // fall through
  }
  return fail();
}

/** `"a@1", b@2` -> ['a@1', 'b@2']. */
function splitKeys(s: string, fail: () => never): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|[^,"]+)\s*(?:,|$)/y;
  let at = 0;
  while (at < s.length) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (m === null || m[0] === '') return fail();
    out.push(unquote((m[1] as string).trim(), fail));
    at = re.lastIndex;
  }
  if (out.length === 0) fail();
  return out;
}

function pair(body: string, fail: () => never): [string, string] {
  let key: string;
  let rest: string;
  if (body.startsWith('"')) {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(body);
    if (m === null) return fail();
    key = unquote(m[0], fail);
    rest = body.slice(m[0].length);
  } else {
    const sp = body.indexOf(' ');
    if (sp === -1) return fail();
    key = body.slice(0, sp);
    rest = body.slice(sp);
  }
  const value = rest.trim();
  if (value === '' || !rest.startsWith(' ')) return fail();
  return [key, unquote(value, fail)];
}
