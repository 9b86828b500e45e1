import type { CallExpression, NewExpression } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { responseSinkOf } from './responses.js';

function sinks(code: string) {
  return probe(code, 'CallExpression, NewExpression', (node, context) => {
    const sink = responseSinkOf(node as CallExpression | NewExpression);
    return sink === undefined ? undefined : { method: sink.method, body: sink.payload.map((part) => context.sourceCode.getText(part)).join(), type: sink.contentType, html: sink.defaultsToHtml };
  }).filter((sink) => sink !== undefined);
}

describe('responseSinkOf', () => {
  it('finds bodies through status/type/set chains, with the content type they set', () => {
    expect(
      sinks(`
        app.get('/a', (req, res) => {
          res.status(404).send(body1);
          res.type('text/plain').send(body2);
          res.set('Content-Type', 'text/html').send(body3);
          res.json(body4);
          res.render('view', data5);
        });
      `),
    ).toEqual([
      { method: 'send', body: 'body1', type: undefined, html: true },
      { method: 'send', body: 'body2', type: 'other', html: true },
      { method: 'send', body: 'body3', type: 'html', html: true },
      { method: 'json', body: 'body4', type: 'other', html: false },
      // the earlier res.type('text/plain') in this handler counts
      { method: 'render', body: 'data5', type: 'other', html: false },
    ]);
  });

  it('reads writeHead earlier in the handler; Fastify strings are not HTML by default; Hono and Response', () => {
    expect(
      sinks(`
        http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(page); });
        fastify.get('/f', (request, reply) => reply.send(text));
        app.get('/h', (c) => c.html(markup));
        export function GET() { return new Response(html, { headers: { 'content-type': 'text/html' } }); }
        cache.send(notAResponse);
      `),
    ).toEqual([
      { method: 'end', body: 'page', type: 'html', html: false },
      { method: 'send', body: 'text', type: undefined, html: false },
      { method: 'html', body: 'markup', type: 'html', html: false },
      { method: 'Response', body: 'html', type: 'html', html: false },
    ]);
  });
});
