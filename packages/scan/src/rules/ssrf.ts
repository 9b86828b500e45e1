// ssrf: the server sends a request to a URL or host the client chose.
import type { Rule } from 'eslint';
import type { CallExpression, Node, NewExpression } from 'estree';
import { resolveCallee } from '../analysis/callee.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import { taintOf } from '../analysis/taint.js';
import { hostCheckedBefore, isVettedResult } from '../analysis/url-guards.js';
import { CODE_BASE_PATH, CODE_CHOSEN, FIXED_ORIGIN, urlTaintOf } from '../analysis/url-target.js';
import type { UrlTaint } from '../analysis/url-target.js';
import { defineRule } from './define.js';
import type { Level } from './types.js';

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'getUri', 'paginate', 'del'];
/** module -> export name ('' = the module itself) -> index of the URL (or options) argument. */
const CLIENTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'node-fetch': { '': 0, default: 0 },
  undici: { fetch: 0, request: 0, stream: 0, pipeline: 0 },
  axios: { '': 0, default: 0, create: 0, ...Object.fromEntries(VERBS.map((verb) => [verb, 0])) },
  got: { '': 0, default: 0, ...Object.fromEntries(VERBS.map((verb) => [verb, 0])) },
  ky: { '': 0, default: 0, ...Object.fromEntries(VERBS.map((verb) => [verb, 0])) },
  superagent: { '': 1, ...Object.fromEntries(VERBS.map((verb) => [verb, 0])) },
  needle: { '': 1, request: 1, ...Object.fromEntries(VERBS.filter((verb) => verb !== 'request').map((verb) => [verb, 0])) },
  request: { '': 0, ...Object.fromEntries(VERBS.map((verb) => [verb, 0])) },
  'request-promise': { '': 0, ...Object.fromEntries(VERBS.map((verb) => [verb, 0])) },
  'request-promise-native': { '': 0, ...Object.fromEntries(VERBS.map((verb) => [verb, 0])) },
  http: { get: 0, request: 0 },
  https: { get: 0, request: 0 },
  http2: { connect: 0 },
  phin: { '': 0 },
  'simple-get': { '': 0, concat: 0 },
  bent: {},
  '@hapi/wreck': { get: 1, post: 1, put: 1, delete: 1, request: 1 },
  wreck: { get: 1, post: 1, put: 1, delete: 1, request: 1 },
  ofetch: { '': 0, ofetch: 0, $fetch: 0 },
  'cross-fetch': { '': 0, default: 0, fetch: 0 },
  'isomorphic-fetch': { '': 0, default: 0 },
};
const URL_KEYS = /^(?:url|uri|href|baseURL|baseUrl|prefixUrl)$/;
const HOST_KEYS = /^(?:host|hostname)$/;
/** Sources whose value is the request's own URL or Host: fetching them is unusual but not attacker-chosen in the usual sense. */
const WEAK_SOURCES = /^[\w$]+(?:\.req|\.request|\.raw)?\.(?:url|originalUrl|path|hostname|host)$|\.headers\.(?:host|referer|referrer|origin|x-forwarded-host)$/i;

export const ssrf = defineRule(
  {
    id: 'ssrf',
    name: 'Server-side request to a client-chosen URL (SSRF)',
    cwe: 918,
    owasp: 'A10:2021-Server-Side Request Forgery',
    severity: 'high',
    confidence: 'high',
    message: 'The server sends an HTTP request to a URL or host taken from the request: a client can reach internal services and cloud metadata endpoints.',
    fix: 'Fix the origin in code (`https://api.example.com/items/${encodeURIComponent(id)}`), or parse the URL and accept only allow-listed hosts and schemes before the request; refuse private and link-local addresses after DNS resolution.',
    docs: {
      description:
        'Server-side request forgery: request data decides where `fetch`, a headless browser (`page.goto`), axios (`get`, `post`, `request`, `axios(config)`, `axios.create({ baseURL })`), got, ky, node-fetch, undici (`fetch`, `request`), `http(s).get/request`, superagent, needle or request send a request. ' +
        'Reported when the client controls the whole URL or its host (`https://${req.query.host}/x`). A value used only after a fixed origin (`https://api.example.com/items/${id}`, `${API_BASE}/items/${id}`, `new URL(`/items/${id}`, base)`) is not SSRF. A check of the parsed host or origin, a fixed-origin `startsWith`, or an allow-list helper before the call counts as a guard. ' +
        'A code-chosen base directly followed by request data (`BASE + req.query.path`) is reported at low confidence: without a slash after the host, `@evil.example` changes the host.',
      vulnerable: "app.get('/preview', async (req, res) => {\n  const page = await fetch(req.query.url);\n  res.send(await page.text());\n});",
      safe: "const ALLOWED = new Set(['images.example.com']);\napp.get('/preview', async (req, res) => {\n  const target = new URL(String(req.query.url));\n  if (target.protocol !== 'https:' || !ALLOWED.has(target.hostname)) return res.sendStatus(400);\n  const page = await fetch(target);\n  res.send(await page.text());\n});",
    },
  },
  (context, report) => {
    const check = (call: CallExpression | NewExpression): void => {
      const index = urlArgumentIndex(call, context);
      if (index === undefined) return;
      const arg = call.arguments[index];
      if (arg === undefined || arg.type === 'SpreadElement') return;
      const finding = assessTarget(arg, context);
      if (finding === undefined || hostCheckedBefore(call, arg) || filteringAgent(call, context)) return;
      report(call, { confidence: finding.confidence, detail: `(\`${finding.source}\` ${finding.what})` });
    };
    return { CallExpression: check };
  },
);

/** An SSRF filter installed as the request's agent or DNS lookup (`ssrf-req-filter`, `request-filtering-agent`). */
function filteringAgent(call: CallExpression | NewExpression, context: Rule.RuleContext): boolean {
  return call.arguments.some(
    (arg) =>
      arg.type === 'ObjectExpression' &&
      arg.properties.some(
        (p) => p.type === 'Property' && /^(?:agent|httpAgent|httpsAgent|dispatcher|lookup)$/.test(staticPropertyName(p.key, p.computed) ?? '') && /ssrf|filter|safe|private|block|guard/i.test(context.sourceCode.getText(p.value)),
      ),
  );
}

interface Assessment {
  readonly confidence: Level;
  readonly source: string;
  readonly what: string;
}

function assessTarget(arg: Node, context: Rule.RuleContext): Assessment | undefined {
  const inner = stripWrappers(arg);
  if (inner.type === 'ObjectExpression') {
    for (const property of inner.properties) {
      if (property.type !== 'Property') continue;
      const key = staticPropertyName(property.key, property.computed) ?? '';
      if (URL_KEYS.test(key)) {
        const found = assessUrl(property.value, context);
        if (found !== undefined) return found;
      }
      if (HOST_KEYS.test(key)) {
        const trace = taintOf(property.value, context, { sink: 'url' });
        if (trace !== undefined) return { confidence: trace.confidence === 'low' ? 'low' : 'high', source: trace.source, what: 'chooses the host' };
      }
    }
    return undefined;
  }
  return assessUrl(inner, context);
}

function assessUrl(node: Node, context: Rule.RuleContext): Assessment | undefined {
  const url = urlTaintOf(node, context);
  if (url === undefined || isVettedResult(url.part, context)) return undefined;
  const level = classify(url);
  if (level === undefined) return undefined;
  const weak = WEAK_SOURCES.test(url.trace.source) || url.trace.confidence === 'low';
  const confidence: Level = weak ? 'low' : level;
  return { confidence, source: url.trace.source, what: url.prefix === '' ? 'is the URL' : 'chooses the host' };
}

/** How much of the destination the client decides, as a confidence (undefined: not the origin). */
function classify(url: UrlTaint): Level | undefined {
  const { prefix } = url;
  if (prefix === '') return 'high';
  if (FIXED_ORIGIN.test(prefix) || CODE_BASE_PATH.test(prefix)) return undefined;
  if (prefix.startsWith('/') && !prefix.startsWith('//')) return undefined; // a relative URL: no host at all
  // scheme (and part of a host) then client data
  if (/^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#]*$/i.test(prefix)) return prefix.includes(CODE_CHOSEN) ? 'low' : 'high';
  if (/^\uE000+$/.test(prefix)) return 'low';
  if (prefix.includes(CODE_CHOSEN)) return undefined;
  return 'medium';
}

function urlArgumentIndex(call: CallExpression | NewExpression, context: Rule.RuleContext): number | undefined {
  // A headless browser sent to the URL (puppeteer, playwright): page.goto(url)
  const callee = stripWrappers(call.callee);
  if (callee.type === 'MemberExpression' && staticPropertyName(callee.property, callee.computed) === 'goto') {
    const object = stripWrappers(callee.object);
    return object.type === 'Identifier' && /page|tab/i.test(object.name) ? 0 : undefined;
  }
  const resolved = resolveCallee(call, context);
  if (resolved === undefined) return undefined;
  if (resolved.module === undefined) return resolved.path.length === 1 && resolved.path[0] === 'fetch' ? 0 : undefined;
  const table = Object.hasOwn(CLIENTS, resolved.module) ? CLIENTS[resolved.module] : undefined;
  if (table === undefined) return undefined;
  const path = resolved.path[0] === 'default' ? resolved.path.slice(1) : resolved.path;
  if (path.length > 1) return undefined;
  const name = path[0] ?? '';
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
