// Line numbers of lockfile entries, for SARIF locations, found by scanning the text once instead of
// parsing with positions: the lockfiles are machine-written, so each entry's key sits on a line of
// its own at a known indentation.

/**
 * Pretty-printed JSON: the 1-based line of every `"key": {` line, by its path of keys joined with
 * NUL (`packages\0node_modules/a`). Minified JSON yields only what its first line holds.
 */
export function jsonKeyLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const stack: { indent: number; key: string }[] = [];
  const re = /^( *)"((?:[^"\\]|\\.)*)": [[{]/;
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const m = re.exec(text.slice(start, Math.min(end, start + 4096)));
    if (m !== null) {
      const indent = (m[1] as string).length;
      while (stack.length > 0 && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
      let key: string;
      try {
        key = JSON.parse(`"${m[2] as string}"`) as string;
      } catch {
        key = m[2] as string;
      }
      stack.push({ indent, key });
      const path = stack.map((s) => s.key).join('\u0000');
      if (!out.has(path)) out.set(path, line);
    }
    start = end + 1;
  }
  return out;
}

/**
 * YAML / yarn lockfiles: the 1-based line of every key at `indent` spaces, by section (the last
 * key at column 0 before it; '' for keys at column 0 themselves). Keys may be quoted.
 */
export function yamlKeyLines(text: string, indent: number): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n');
  let section = '';
  const pad = ' '.repeat(indent);
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/\r$/, '');
    if (raw === '' || raw.startsWith('#')) continue;
    if (indent > 0 && !raw.startsWith(' ')) {
      section = unquote(raw.replace(/:.*$/, ''));
      continue;
    }
    if (!raw.startsWith(pad) || raw[indent] === ' ') continue;
    const body = raw.slice(indent);
    const key = keyOf(body);
    if (key === undefined) continue;
    const id = indent > 0 ? `${section}\u0000${key}` : key;
    if (!out.has(id)) out.set(id, i + 1);
  }
  return out;
}

function keyOf(body: string): string | undefined {
  if (body.startsWith('"') || body.startsWith("'")) {
    const q = body[0] as string;
    let j = 1;
    while (j < body.length && body[j] !== q) j += body[j] === '\\' && q === '"' ? 2 : 1;
    if (body[j + 1] !== ':') return undefined;
    return unquote(body.slice(0, j + 1));
  }
  const m = /^([^\s:#][^:]*?):(?:\s|$)/.exec(body) ?? /^([^\s:#][^:]*(?::[^\s][^:]*)*?):(?:\s|$)/.exec(body);
  return m === null ? undefined : (m[1] as string);
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}
