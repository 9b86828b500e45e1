// An HTML status page for people (the rest of the API is JSON): the `page` headers profile, and
// a fresh CSP nonce for its inline style; the stylesheet is a static asset (assets.ts).
import type { FastifyInstance } from 'fastify';
import type { NoteStore } from '../notes.js';

export function statusPageRoute(app: FastifyInstance, notes: NoteStore): void {
  app.get('/status', {
    config: { access: 'public', rateLimit: 'public', headers: 'page', cspNonce: true },
    schema: { response: { 200: { type: 'string' } } },
  }, async (_request, reply) => {
    const count = String(notes.list().length); // a number: nothing to escape
    return reply
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>notes-api</title>' +
          `<link rel="stylesheet" href="/assets/status.css"><style nonce="${reply.cspNonce ?? ''}">h1 { color: #235; }</style></head>` +
          `<body><h1>notes-api is up</h1><p>${count} notes</p></body></html>`,
      );
  });
}
