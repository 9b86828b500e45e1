// Sanitisers: calls whose result no longer carries the client's data in a dangerous form.
// Some end every flow (a number is a number everywhere); others only protect one kind of sink
// (`encodeURIComponent` makes a value safe in a URL or HTML, not in SQL or a shell command).
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';
import { resolveCallee } from './callee.js';

/** The kind of sink a value flows into; sink-specific sanitisers only count for their sink. */
export type SinkKind = 'sql' | 'shell' | 'html' | 'path' | 'url' | 'code' | 'any';

/** Globals (or their `Number.`/`Math.` forms) that turn anything into a number, boolean or date. */
const NUMERIC_GLOBALS = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean', 'BigInt', 'isNaN', 'isFinite']);
const NUMERIC_STATICS: Record<string, ReadonlySet<string>> = {
  Number: new Set(['parseInt', 'parseFloat', 'isInteger', 'isFinite', 'isNaN', 'isSafeInteger']),
  Date: new Set(['parse', 'UTC', 'now']),
};

/** Sink-specific sanitisers by the last name of their callee (`mysql.escape`, `he.encode`, `_.escape`). */
const BY_SINK: Record<Exclude<SinkKind, 'any'>, ReadonlySet<string>> = {
  sql: new Set(['escape', 'escapeId', 'escapeLiteral', 'escapeIdentifier', 'escapeString', 'quoteIdentifier']),
  shell: new Set(['quote', 'shellescape', 'shellEscape', 'escapeShellArg', 'shellQuote']),
  html: new Set(['escape', 'escapeHtml', 'encode', 'encodeHTML', 'escapeHTML', 'sanitize', 'sanitizeHtml', 'purify', 'encodeURIComponent', 'xss', 'filterXSS', 'htmlEscape', 'stripTags']),
  path: new Set(['basename']),
  url: new Set(['encodeURIComponent', 'encodeURI', 'escape']),
  code: new Set([]),
};
/** Modules whose default export is such a sanitiser: `const escapeHtml = require('escape-html')`. */
const SANITISER_MODULES: Record<string, readonly SinkKind[]> = {
  'escape-html': ['html'],
  'sanitize-html': ['html'],
  xss: ['html'],
  dompurify: ['html'],
  'isomorphic-dompurify': ['html'],
  'shell-quote': ['shell'],
  shellescape: ['shell'],
  'shell-escape': ['shell'],
  sqlstring: ['sql'],
  'pg-format': ['sql'],
  'sanitize-filename': ['path'],
};

/** True when `call`'s result is safe for `sink` whatever its arguments. */
export function isSanitiserCall(call: CallExpression, sink: SinkKind, context: Rule.RuleContext): boolean {
  const kinds = sanitisedSinks(call, context);
  return kinds === 'all' || (kinds !== undefined && sink !== 'any' && kinds.includes(sink));
}

/**
 * The sinks `call` makes its argument safe for: 'all' for numbers, booleans and dates; a list for
 * an escaper (for any other sink it passes the data through); undefined for a call that is no
 * sanitiser.
 */
export function sanitisedSinks(call: CallExpression, context: Rule.RuleContext): 'all' | readonly SinkKind[] | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier' && NUMERIC_GLOBALS.has(callee.name)) return 'all';
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier') {
    const name = staticPropertyName(callee.property, callee.computed) ?? '';
    if (callee.object.name === 'Math') return 'all';
    if (NUMERIC_STATICS[callee.object.name]?.has(name) === true) return 'all';
  }
  const resolved = resolveCallee(call, context);
  if (resolved?.module !== undefined) {
    const kinds = SANITISER_MODULES[resolved.module];
    if (kinds !== undefined) return kinds;
    if (resolved.module === 'validator' && /^to(?:Int|Float|Boolean|Date)$/.test(resolved.path[0] ?? '')) return 'all';
    if (resolved.module === 'validator' && resolved.path[0] === 'escape') return ['html'];
    if (resolved.module === 'path') return resolved.path.at(-1) === 'basename' ? ['path'] : undefined;
  }
  const last = lastName(callee);
  if (last === undefined) return undefined;
  const kinds = (Object.keys(BY_SINK) as Exclude<SinkKind, 'any'>[]).filter((kind) => BY_SINK[kind].has(last));
  return kinds.length > 0 ? kinds : undefined;
}

function lastName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return staticPropertyName(node.property, node.computed);
  return undefined;
}
