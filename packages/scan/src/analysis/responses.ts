// Responses: calls that send a body to the client. Express/Node `res.send/json/jsonp/end/write/
// render`, Fastify `reply.send`, Hono `c.html/c.text/c.json/c.body`, Next/Web `Response.json`,
// `NextResponse.json`, `new Response(body)`. The receiver is recognised by name (`res`,
// `response`, `reply`, Hono's `c`) through `.status()/.type()/.set()/.header()/.code()` chains, and
// what the chain (or a `writeHead`/`setHeader` earlier in the handler) says about the content type.
import type { CallExpression, Node, NewExpression } from 'estree';
import { outerParent as parentOf, staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';

export interface ResponseSink {
  readonly method: string;
  /** The arguments that become the body (or the view data, for render). */
  readonly payload: readonly Node[];
  /** 'html' / 'other' when a content type is set on the chain or earlier in the function; undefined when none is. */
  readonly contentType: 'html' | 'other' | undefined;
  /** The framework's default for a string body: Express `send` and Koa-like bodies are text/html. */
  readonly defaultsToHtml: boolean;
}

const RESPONSE_NAMES = /^(?:res|resp|response|reply|rep|httpResponse|serverResponse)$/;
const BODY_METHODS = new Set(['send', 'json', 'jsonp', 'end', 'write', 'render']);
const HONO_METHODS = new Set(['html', 'text', 'json', 'body']);
const CHAIN_METHODS = new Set(['status', 'type', 'set', 'header', 'code', 'contentType', 'setHeader', 'headers', 'cookie', 'clearCookie', 'vary', 'append', 'location', 'links']);

export function responseSinkOf(node: CallExpression | NewExpression): ResponseSink | undefined {
  if (node.type === 'NewExpression') {
    if (node.callee.type !== 'Identifier' || node.callee.name !== 'Response' || node.arguments[0] === undefined) return undefined;
    return { method: 'Response', payload: [node.arguments[0]], contentType: contentTypeOfInit(node.arguments[1]), defaultsToHtml: false };
  }
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = staticPropertyName(callee.property, callee.computed);
  if (method === undefined) return undefined;
  const payload = node.arguments.filter((argument) => argument.type !== 'SpreadElement');
  // Response.json(x), NextResponse.json(x)
  const object = unwrap(callee.object);
  if (object.type === 'Identifier' && (object.name === 'Response' || object.name === 'NextResponse') && method === 'json') return { method, payload: payload.slice(0, 1), contentType: 'other', defaultsToHtml: false };
  let contentType: 'html' | 'other' | undefined;
  let current: Node = object;
  for (let steps = 0; steps < 8 && current.type === 'CallExpression'; steps++) {
    const inner = unwrap(current.callee);
    if (inner.type !== 'MemberExpression') return undefined;
    const link = staticPropertyName(inner.property, inner.computed);
    if (link === undefined || !CHAIN_METHODS.has(link)) return undefined;
    contentType ??= contentTypeOfCall(link, current.arguments);
    current = unwrap(inner.object);
  }
  if (current.type !== 'Identifier') return undefined;
  if (current.name === 'c' && HONO_METHODS.has(method)) return { method, payload: payload.slice(0, 1), contentType: method === 'html' ? 'html' : 'other', defaultsToHtml: false };
  if (!RESPONSE_NAMES.test(current.name) || !BODY_METHODS.has(method)) return undefined;
  contentType ??= contentTypeEarlier(node, current.name);
  if (method === 'json' || method === 'jsonp') contentType = 'other';
  return { method, payload: method === 'render' ? payload.slice(1, 2) : payload.slice(0, 1), contentType, defaultsToHtml: method === 'send' && !/^(?:reply|rep)$/.test(current.name) }; // Fastify sends strings as text/plain
}

function contentTypeOfCall(method: string, args: readonly Node[]): 'html' | 'other' | undefined {
  const texts = args.map((argument) => (argument.type === 'Literal' && typeof argument.value === 'string' ? argument.value : undefined));
  if (method === 'type' || method === 'contentType') return texts[0] === undefined ? undefined : /html/i.test(texts[0]) ? 'html' : 'other';
  if ((method === 'set' || method === 'header' || method === 'setHeader') && /^content-type$/i.test(texts[0] ?? '')) return /html/i.test(texts[1] ?? '') ? 'html' : texts[1] === undefined ? undefined : 'other';
  return undefined;
}

function contentTypeOfInit(init: Node | undefined): 'html' | 'other' | undefined {
  if (init === undefined || init.type === 'SpreadElement') return undefined;
  const text = JSON.stringify(stripParents(init));
  if (/content-type/i.test(text)) return /text\/html/i.test(text) ? 'html' : 'other';
  return undefined;
}

/** `res.writeHead(200, { 'Content-Type': 'text/html' })` / `res.setHeader('Content-Type', ...)` earlier in the same function. */
function contentTypeEarlier(node: Node, name: string): 'html' | 'other' | undefined {
  let fn: Node | undefined = parentOf(node);
  while (fn !== undefined && fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') fn = parentOf(fn);
  if (fn === undefined || fn.range === undefined || node.range === undefined) return undefined;
  const source = (fn as Node & { body: Node }).body;
  const start = node.range[0];
  for (const child of callsIn(source)) {
    if (child.range === undefined || child.range[0] >= start) continue;
    const callee = unwrap(child.callee);
    if (callee.type !== 'MemberExpression' || unwrap(callee.object).type !== 'Identifier' || (unwrap(callee.object) as Node & { name: string }).name !== name) continue;
    const method = staticPropertyName(callee.property, callee.computed);
    let found: 'html' | 'other' | undefined;
    if (method === 'writeHead') found = contentTypeOfInit(child.arguments[1] ?? child.arguments[2]);
    else if (method !== undefined) found = contentTypeOfCall(method, child.arguments);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every call under a function body, in visit order; collected once per body (a handler has many sinks). */
const callsByBody = new WeakMap<Node, readonly CallExpression[]>();

function callsIn(body: Node): readonly CallExpression[] {
  let calls = callsByBody.get(body);
  if (calls === undefined) {
    const found: CallExpression[] = [];
    visit(body, found);
    callsByBody.set(body, found);
    calls = found;
  }
  return calls;
}

/** Pre-order over every node-valued own property but `parent`, in key order. */
function visit(node: Node, calls: CallExpression[]): void {
  if (node.type === 'CallExpression') calls.push(node);
  const record = node as unknown as Readonly<Record<string, unknown>>;
  for (const key in record) {
    if (key === 'parent' || !Object.hasOwn(record, key)) continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, calls);
    } else if (isNode(value)) visit(value, calls);
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function stripParents(node: Node): unknown {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === 'parent' || key === 'loc' || key === 'range' ? undefined : value)));
}
