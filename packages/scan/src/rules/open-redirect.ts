// open-redirect: the client decides where a redirect sends the browser.
import type { Rule } from 'eslint';
import type { CallExpression, Node, Property } from 'estree';
import { resolveCallee } from '../analysis/callee.js';
import { staticValue } from '../analysis/constant.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import { hostCheckedBefore, isVettedResult, relativeCheckBefore } from '../analysis/url-guards.js';
import { CODE_BASE_PATH, FIXED_ORIGIN, isHostHeader, urlTaintOf } from '../analysis/url-target.js';
import { defineRule } from './define.js';
import type { Level } from './types.js';

/** Receivers whose `redirect()` is a route definition or a client-side router, not a response. */
const NOT_RESPONSES = /^(?:router|app|server|fastify|navigation|navigate|history|window|location)$/i;
const REDIRECT_MODULES = new Set(['next/navigation', 'next/dist/client/components/navigation', '@sveltejs/kit', '@remix-run/node', '@remix-run/server-runtime', '@remix-run/cloudflare', 'react-router', 'react-router-dom']);
/** Calls that set a response header from (name, value) or an object of headers. */
const HEADER_SETTERS = new Set(['setHeader', 'set', 'header', 'append', 'appendHeader', 'writeHead', 'headers', 'setHeaders']);
/** Redirects back to where the browser came from or to the request's own URL: worth a look, rarely exploitable. */
const WEAK_SOURCES = /\.headers\.(?:referer|referrer)$|^[\w$]+(?:\.req|\.request)?\.(?:url|originalUrl|path)$|\.get\(\)$|\.header\(\)$/i;

export const openRedirect = defineRule(
  {
    id: 'open-redirect',
    name: 'Redirect to a client-chosen URL',
    cwe: 601,
    owasp: 'A01:2021-Broken Access Control',
    severity: 'medium',
    confidence: 'high',
    message: 'The redirect target comes from the request: a link to this site can send users to any other site (phishing, token theft).',
    fix: "Redirect only to same-site paths (`target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\\\')`) or to allow-listed hosts (`ALLOWED.has(new URL(target).host)`); otherwise fall back to a fixed page.",
    docs: {
      description:
        'Open redirect: request data becomes the target of `res.redirect` (Express), `reply.redirect` (Fastify), `c.redirect` (Hono), `ctx.redirect` (Koa), `Response.redirect`/`NextResponse.redirect`, `res.location`, or a `Location` header (`res.setHeader`, `res.set`, `reply.header`, `res.writeHead(302, { Location })`, `headers: { Location }`). ' +
        'Not reported: constant targets, a fixed origin or a fixed path before the client data (`/orders/${id}`, `https://app.example.com/?next=${encodeURIComponent(x)}`), a same-site check (`startsWith("/")` and a `//` refusal, an anchored pattern), an allow-listed host (`new URL(x).host === ...`) or an allow-list helper before the redirect, and redirects to the request\'s own Host. ' +
        'Redirects to the Referer or to the request\'s own URL, and a check of the leading `/` alone (which `//evil.example` passes), are reported at low confidence.',
      vulnerable: "app.get('/login/done', (req, res) => {\n  res.redirect(req.query.returnTo);\n});",
      safe: "app.get('/login/done', (req, res) => {\n  const target = String(req.query.returnTo ?? '/');\n  const sameSite = target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\\\');\n  res.redirect(sameSite ? target : '/');\n});",
    },
  },
  (context, report) => {
    const check = (at: Node, target: Node): void => {
      const url = urlTaintOf(target, context);
      if (url === undefined) return;
      const { prefix, trace } = url;
      if (isHostHeader(url.part, trace.source) || isVettedResult(url.part, context)) return;
      if (FIXED_ORIGIN.test(prefix) || CODE_BASE_PATH.test(prefix) || /^\/[^/\\]/.test(prefix)) return;
      // A relative target without a leading slash (`orders?id=`) stays on this site.
      if (/^[^/\\\uE000:]+[/?#=]/.test(prefix) && !/^[a-z][a-z0-9+.-]*:/i.test(prefix)) return;
      if (hostCheckedBefore(at, target)) return;
      const relative = relativeCheckBefore(at);
      if (relative === 'full') return;
      let confidence: Level = prefix === '' || /^(?:[a-z][a-z0-9+.-]*:)?\/\/$/i.test(prefix) ? 'high' : prefix === '/' ? 'medium' : 'low';
      if (relative === 'partial' || WEAK_SOURCES.test(trace.source) || trace.confidence === 'low') confidence = 'low';
      report(at, { confidence, detail: `(\`${trace.source}\` is the target)` });
    };
    return {
      CallExpression(call: CallExpression) {
        const callee = stripWrappers(call.callee);
        const method = callee.type === 'MemberExpression' ? staticPropertyName(callee.property, callee.computed) : callee.type === 'Identifier' ? callee.name : undefined;
        if (method === 'redirect') {
          if (!isResponseRedirect(call, context)) return;
          const target = redirectTarget(call, context);
          if (target !== undefined) check(call, target);
          return;
        }
        if (method === 'location' && callee.type === 'MemberExpression' && isResponseLike(callee.object)) {
          const target = call.arguments[0];
          if (target !== undefined && target.type !== 'SpreadElement') check(call, target);
          return;
        }
        if (method !== undefined && HEADER_SETTERS.has(method) && callee.type === 'MemberExpression') {
          const [name, value] = call.arguments;
          if (name !== undefined && name.type !== 'SpreadElement' && value !== undefined && value.type !== 'SpreadElement' && /^location$/i.test(String(staticValue(name, context)?.value ?? ''))) {
            check(call, value);
            return;
          }
          for (const arg of call.arguments) {
            const location = arg.type === 'ObjectExpression' ? locationProperty(arg.properties) : undefined;
            if (location !== undefined) check(location, location.value);
          }
        }
      },
      // headers: { Location: x } in a Response init, a Lambda result or fetch-style options.
      Property(property: Property) {
        const key = staticPropertyName(property.key, property.computed);
        if (key !== 'headers' || property.value.type !== 'ObjectExpression') return;
        const location = locationProperty(property.value.properties);
        if (location !== undefined) check(location, location.value);
      },
    };
  },
);

function locationProperty(properties: readonly (Property | { type: 'SpreadElement' })[]): Property | undefined {
  return properties.find((p): p is Property => p.type === 'Property' && /^location$/i.test(staticPropertyName(p.key, p.computed) ?? ''));
}

function isResponseLike(node: Node): boolean {
  const inner = stripWrappers(node);
  if (inner.type === 'Identifier') return /^(?:res|response|resp|reply|ctx|context|c|h)$/.test(inner.name);
  // res.status(302).location(...)
  if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression') return isResponseLike(inner.callee.object);
  if (inner.type === 'MemberExpression') return /^(?:res|response|raw)$/.test(staticPropertyName(inner.property, inner.computed) ?? '');
  return false;
}

function isResponseRedirect(call: CallExpression, context: Rule.RuleContext): boolean {
  const callee = stripWrappers(call.callee);
  if (callee.type === 'Identifier') {
    // redirect(url) of Next.js, SvelteKit (redirect(status, url)), Remix and React Router loaders
    const resolved = resolveCallee(call, context);
    return resolved?.module !== undefined && REDIRECT_MODULES.has(resolved.module);
  }
  if (callee.type !== 'MemberExpression') return false;
  const object = stripWrappers(callee.object);
  if (object.type === 'Identifier' && NOT_RESPONSES.test(object.name)) return false;
  if (object.type === 'Identifier' && (object.name === 'Response' || object.name === 'NextResponse')) return true;
  return isResponseLike(object) || object.type === 'Identifier';
}

/** The URL argument: Express `redirect([status,] url)`, Fastify `redirect(url[, code])` (v5) or `(code, url)` (v4). */
function redirectTarget(call: CallExpression, context: Rule.RuleContext): Node | undefined {
  const args = call.arguments.filter((arg) => arg.type !== 'SpreadElement') as Node[];
  const [first, second] = args;
  if (first === undefined) return undefined;
  if (second !== undefined && typeof staticValue(first, context)?.value === 'number') return second;
  return first;
}
