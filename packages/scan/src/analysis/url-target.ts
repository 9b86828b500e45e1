// What part of a URL the client controls: the whole URL (`fetch(req.query.url)`), its origin
// (`https://${req.query.host}/x`), or only what follows a fixed origin or path
// (`https://api.example.com/items/${encodeURIComponent(id)}`, `/users/${id}`, `${API_BASE}/x/${id}`).
// The URL expression is flattened into its parts (template literals, `+` chains, const bindings)
// and read up to the first part that carries request data.
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { staticString } from './constant.js';
import { findVariable, singleBinding } from './scope.js';
import { stripWrappers } from './syntax-helpers.js';
import { taintOf } from './taint.js';
import type { TaintTrace } from './taint.js';

export interface UrlTaint {
  readonly trace: TaintTrace;
  /** The text before the first tainted part; `\uE000` stands for a value the code chose (config, a constant object). */
  readonly prefix: string;
  /** The first part that carries request data. */
  readonly part: Node;
}

/** Placeholder for an untainted, non-constant part (a configured base URL, a computed value). */
export const CODE_CHOSEN = '\uE000';

export function urlTaintOf(node: Node, context: Rule.RuleContext, depth = 0): UrlTaint | undefined {
  const inner = boundValue(stripWrappers(node), context);
  // new URL(input, base): an absolute input ignores the base; a path input stays on the base's origin.
  if (inner.type === 'NewExpression' && inner.callee.type === 'Identifier' && inner.callee.name === 'URL' && depth < 4) {
    const [input, base] = inner.arguments;
    if (input === undefined || input.type === 'SpreadElement') return undefined;
    const own = urlTaintOf(input, context, depth + 1);
    if (own !== undefined) return base === undefined || own.prefix === '' ? own : { ...own, prefix: `${CODE_CHOSEN}${own.prefix}` };
    if (base === undefined || base.type === 'SpreadElement') return undefined;
    const fromBase = urlTaintOf(base, context, depth + 1);
    return fromBase;
  }
  const parts = flatten(inner, context, 0);
  let prefix = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      prefix += part;
      continue;
    }
    const constant = staticString(part, context);
    if (constant !== undefined) {
      prefix += constant;
      continue;
    }
    const trace = taintOf(part, context, { sink: 'url' });
    if (trace !== undefined) return { trace, prefix, part };
    prefix += CODE_CHOSEN;
  }
  return undefined;
}

/** The initialiser of a const-like identifier bound to `new URL(...)`, else the node itself. */
function boundValue(node: Node, context: Rule.RuleContext): Node {
  if (node.type !== 'Identifier') return node;
  const binding = singleBinding(findVariable(node, context));
  if (binding === undefined || binding.declarator.id !== binding.name) return node;
  const init = stripWrappers(binding.init);
  return init.type === 'NewExpression' ? init : node;
}

function flatten(node: Node, context: Rule.RuleContext, depth: number): (string | Node)[] {
  const inner = stripWrappers(node);
  if (depth > 6) return [inner];
  if (inner.type === 'TemplateLiteral') {
    const parts: (string | Node)[] = [];
    inner.quasis.forEach((quasi, index) => {
      parts.push(quasi.value.cooked ?? quasi.value.raw);
      const expression = inner.expressions[index];
      if (expression !== undefined) parts.push(...flatten(expression, context, depth + 1));
    });
    return parts;
  }
  if (inner.type === 'BinaryExpression' && inner.operator === '+' && inner.left.type !== 'PrivateIdentifier') return [...flatten(inner.left, context, depth + 1), ...flatten(inner.right, context, depth + 1)];
  if (inner.type === 'Identifier') {
    const binding = singleBinding(findVariable(inner, context));
    if (binding !== undefined && binding.declarator.id === binding.name) {
      const init = stripWrappers(binding.init);
      if (init.type === 'TemplateLiteral' || (init.type === 'BinaryExpression' && init.operator === '+')) return flatten(init, context, depth + 1);
    }
  }
  return [inner];
}

/** The request's own Host (`req.hostname`, `req.headers.host`, `req.get('host')`): a redirect there stays on the site the browser asked for. */
export function isHostHeader(node: Node, source: string): boolean {
  if (/\.(?:hostname|host)$|\.headers\.(?:host|x-forwarded-host)$/i.test(source)) return true;
  const inner = stripWrappers(node);
  if (inner.type !== 'CallExpression' || inner.callee.type !== 'MemberExpression') return false;
  const [name] = inner.arguments;
  return name !== undefined && name.type === 'Literal' && typeof name.value === 'string' && /^(?:host|x-forwarded-host)$/i.test(name.value);
}

/** An absolute URL whose scheme and host are fixed by the text (a path, query or fragment follows the host). */
export const FIXED_ORIGIN = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#\\\uE000]+[/?#]/i;
/** A code-chosen base followed by a path separator (`${API_BASE}/items/`). */
export const CODE_BASE_PATH = /^\uE000+[/?#]/;
