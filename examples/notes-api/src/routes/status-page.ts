// An HTML status page for people (the rest of the API is JSON).
import type { FastifyInstance } from 'fastify';
import type { NoteStore } from '../notes.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function statusPageRoute(app: FastifyInstance, notes: NoteStore): void {
  app.get('/status', {
    config: { access: 'public', rateLimit: 'public' },
    schema: { response: { 200: { type: 'string' } } },
  }, async (_request, reply) => {
    const count = escapeHtml(String(notes.list().length));
    return reply
      .type('text/html; charset=utf-8')
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>notes-api</title></head><body><h1>notes-api is up</h1><p>${count} notes</p></body></html>`);
  });
}
