// Public reads, scoped writes.
import type { FastifyInstance } from 'fastify';
import type { NoteStore } from '../notes.js';

const note = {
  type: 'object',
  properties: { id: { type: 'string' }, text: { type: 'string' }, author: { type: 'string' }, createdAt: { type: 'string' } },
} as const;

export function notesRoutes(app: FastifyInstance, notes: NoteStore): void {
  app.get('/notes', {
    config: { access: 'public', rateLimit: 'public' },
    schema: { response: { 200: { type: 'array', items: note } } },
  }, async () => notes.list());

  app.get<{ Params: { id: string } }>('/notes/:id', {
    config: { access: 'public', rateLimit: 'public' },
    schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } }, response: { 200: note } },
  }, async (request, reply) => {
    // rampart-ignore missing-authorization: every note is public to read (access: 'public' above)
    const found = notes.get(request.params.id);
    if (found === undefined) return reply.callNotFound();
    return found;
  });

  app.post<{ Body: { text: string } }>('/notes', {
    config: { access: { scopes: ['notes:write'] }, rateLimit: 'authenticated' },
    schema: {
      body: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 2000 } } },
      response: { 201: note },
    },
  }, async (request, reply) => {
    // The route's access declaration guarantees a verified principal here.
    const author = request.principal?.subject ?? 'unknown';
    return reply.code(201).send(notes.add(request.body.text, author));
  });
}
