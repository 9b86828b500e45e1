// xss-unescaped-html (bandit B703-like; CWE-79): request data written into HTML without escaping.
//   - a response whose body is HTML built with request data: `res.send(`<p>${req.query.q}</p>`)`,
//     `res.write`/`res.end` after `writeHead(..., text/html)`, `reply.type('text/html').send(...)`,
//     Hono `c.html(...)`, Koa `ctx.body = '<p>' + ...`, `new Response(html, { headers: text/html })`;
//     a bare request string sent by Express `res.send` (which defaults to text/html) at medium;
//   - `innerHTML`/`outerHTML` assignments, `insertAdjacentHTML`, `document.write`, React
//     `dangerouslySetInnerHTML`, Handlebars `SafeString` of request data;
//   - Angular `bypassSecurityTrustHtml/Script/Style/Url/ResourceUrl` of any non-constant value
//     (medium; high for request data): it exists to switch the framework's sanitiser off.
// `res.render(view, data)` escapes (templates with autoescape off: template-autoescape-off);
// JSON responses, escaped values (`escapeHtml`, `he.encode`, `validator.escape`, DOMPurify) and
// numbers are fine. Templates compiled *from* request data are code-injection (SSTI).
import type { AssignmentExpression, CallExpression, Node, NewExpression } from 'estree';
import { resolveCallee } from '../analysis/callee.js';
import { isGeneratedOrVendored } from '../analysis/generated-code.js';
import { responseSinkOf } from '../analysis/responses.js';
import { PLACEHOLDER, stringShape } from '../analysis/string-shape.js';
import { staticPropertyName, stripWrappers as unwrap } from '../analysis/syntax-helpers.js';
import { taintOf, type TaintTrace } from '../analysis/taint.js';
import { isTextSafe } from '../analysis/text-safe.js';
import { defineRule, type Report } from './define.js';
import type { Level } from './types.js';

const HTML_TAG = /<\s*[a-z!/][^>]*>?/i;
const HTML_PROPERTIES = new Set(['innerHTML', 'outerHTML']);
const BYPASS_TRUST = /^bypassSecurityTrust(?:Html|Script|Style|Url|ResourceUrl)$/;

export const xssUnescapedHtml = defineRule(
  {
    id: 'xss-unescaped-html',
    name: 'Request data in HTML without escaping',
    cwe: 79,
    owasp: 'A03:2021-Injection',
    bandit: 'B703',
    severity: 'high',
    confidence: 'high',
    message: 'Request data is written into HTML without escaping; a crafted value runs script in the victim\'s browser.',
    fix: 'Render through a template engine with autoescaping (`res.render(view, data)`), escape values (`escape-html`, `he.encode`), or send JSON; sanitise HTML you must keep (DOMPurify, sanitize-html).',
    docs: {
      description:
        'Finds request data placed into HTML responses (Express `res.send`/`write`/`end`, Fastify `reply.type("text/html").send`, Hono `c.html`, Koa `ctx.body`, `new Response(html)`), into `innerHTML`/`outerHTML`/`insertAdjacentHTML`/`document.write`, React `dangerouslySetInnerHTML`, Handlebars `SafeString`, without an HTML escaper in between, and Angular `bypassSecurityTrust*` of any non-constant value. A bare request string sent with Express `res.send` (text/html by default) is reported at medium confidence.',
      vulnerable: "app.get('/search', (req, res) => {\n  res.send(`<h1>Results for ${req.query.q}</h1>`);\n});",
      safe: "app.get('/search', (req, res) => {\n  res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);\n});",
    },
  },
  (context, report) => {
    const htmlTaint = (node: Node): { trace: TaintTrace; tags: boolean; bare: boolean } | undefined => {
      const shape = stringShape(node, context);
      const tags = HTML_TAG.test(shape.text.replaceAll(PLACEHOLDER, ''));
      for (const part of shape.dynamic) {
        if (isTextSafe(part, context, 'html')) continue;
        const trace = taintOf(part, context, { sink: 'html' });
        if (trace !== undefined) return { trace, tags, bare: shape.text.replaceAll(PLACEHOLDER, '').trim() === '' };
      }
      return undefined;
    };
    const response = (node: CallExpression | NewExpression): void => {
      const sink = responseSinkOf(node);
      if (sink === undefined || sink.method === 'render' || sink.contentType === 'other') return;
      const [body] = sink.payload;
      if (body === undefined || isJsonBody(body)) return;
      const found = htmlTaint(body);
      if (found === undefined) return;
      if (found.bare) {
        // res.send(req.query.name): a string from the request, sent as text/html by Express
        if (!sink.defaultsToHtml && sink.contentType !== 'html') return;
        if (!isStringRead(body, found.trace)) return;
        flag(node, found.trace, sink.contentType === 'html' ? found.trace.confidence : 'medium', `is sent as the HTML body by \`${sink.method}\``, report);
        return;
      }
      if (sink.contentType === 'html' || found.tags) {
        const confidence = sink.contentType === 'html' || sink.defaultsToHtml || sink.method === 'html' || sink.method === 'Response' ? found.trace.confidence : 'medium';
        flag(node, found.trace, confidence, `is placed into HTML sent by \`${sink.method}\``, report);
      } else if (sink.defaultsToHtml) {
        // res.send(`No user ${req.params.name}`): Express sends a string as text/html
        flag(node, found.trace, 'medium', `is sent in a text/html body by \`${sink.method}\``, report);
      }
    };
    // Angular's DomSanitizer.bypassSecurityTrustHtml(x): x is trusted as markup, unsanitised
    const bypassTrust = (call: CallExpression, method: string): void => {
      const [value] = call.arguments;
      if (value === undefined || value.type === 'SpreadElement') return;
      const shape = stringShape(value, context);
      const unsafe = shape.dynamic.filter((part) => !isTextSafe(part, context, 'html'));
      if (unsafe.length === 0) return;
      const trace = unsafe.map((part) => taintOf(part, context, { sink: 'html' })).find((found) => found !== undefined);
      if (trace !== undefined) flag(call, trace, trace.confidence, `is trusted as markup by \`${method}\``, report);
      else if (!isGeneratedOrVendored(context)) report(call, { confidence: 'medium', detail: `(non-constant data is trusted as markup by \`${method}\`, which turns Angular's sanitising off)` });
    };
    return {
      CallExpression(node) {
        const call = node as CallExpression;
        response(call);
        const callee = unwrap(call.callee);
        if (callee.type !== 'MemberExpression') return;
        const method = staticPropertyName(callee.property, callee.computed);
        if (method !== undefined && BYPASS_TRUST.test(method)) {
          bypassTrust(call, method);
          return;
        }
        const argument = method === 'insertAdjacentHTML' ? call.arguments[1] : method === 'write' || method === 'writeln' ? call.arguments[0] : undefined;
        if (argument === undefined || argument.type === 'SpreadElement') return;
        if ((method === 'write' || method === 'writeln') && context.sourceCode.getText(callee.object) !== 'document') return;
        const found = htmlTaint(argument);
        if (found !== undefined) flag(call, found.trace, found.trace.confidence, `reaches \`${method ?? ''}\``, report);
      },
      NewExpression(node) {
        const call = node as NewExpression;
        response(call);
        const callee = resolveCallee(call, context);
        if (callee?.module === 'handlebars' && callee.path.at(-1) === 'SafeString' && call.arguments[0] !== undefined) {
          const found = htmlTaint(call.arguments[0]);
          if (found !== undefined) flag(call, found.trace, found.trace.confidence, 'is marked safe (unescaped) by `SafeString`', report);
        }
      },
      AssignmentExpression(node) {
        const assignment = node as AssignmentExpression;
        const target = assignment.left;
        if (target.type !== 'MemberExpression') return;
        const name = staticPropertyName(target.property, target.computed);
        if (name === undefined) return;
        const isKoaBody = name === 'body' && /^(?:ctx|context)$/.test(context.sourceCode.getText(target.object));
        if (!HTML_PROPERTIES.has(name) && !isKoaBody) return;
        const found = htmlTaint(assignment.right);
        if (found === undefined || (isKoaBody && !found.tags)) return;
        flag(assignment, found.trace, found.trace.confidence, isKoaBody ? 'is placed into the HTML body' : `is assigned to \`${name}\``, report);
      },
      JSXAttribute(node: Node) {
        const attribute = node as Node & { name: { type: string; name?: string }; value: Node | null };
        if (attribute.name.name !== 'dangerouslySetInnerHTML' || attribute.value?.type !== ('JSXExpressionContainer' as string)) return;
        const expression = unwrap((attribute.value as unknown as { expression: Node }).expression);
        if (expression.type !== 'ObjectExpression') return;
        for (const property of expression.properties) {
          if (property.type !== 'Property' || staticPropertyName(property.key, property.computed) !== '__html') continue;
          const found = htmlTaint(property.value);
          if (found !== undefined) flag(attribute, found.trace, found.trace.confidence, 'reaches `dangerouslySetInnerHTML`', report);
        }
      },
    };
  },
);

function flag(node: Node, trace: TaintTrace, confidence: Level, what: string, report: Report): void {
  report(node, { confidence, detail: `(request data \`${trace.source}\` ${what})` });
}

/** An object or array literal (sent as JSON), or `JSON.stringify(...)`: not markup. */
function isJsonBody(body: Node): boolean {
  const inner = unwrap(body);
  if (inner.type === 'ObjectExpression' || inner.type === 'ArrayExpression') return true;
  return inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && inner.callee.object.type === 'Identifier' && inner.callee.object.name === 'JSON';
}

/** A single value read out of the request (`req.query.name`, `req.get('x')`), not a whole object such as `req.body`. */
function isStringRead(body: Node, trace: TaintTrace): boolean {
  const inner = unwrap(body);
  if (inner.type === 'TemplateLiteral' || inner.type === 'BinaryExpression') return true;
  return trace.source.endsWith('()') || trace.source.split('.').length >= 3;
}
