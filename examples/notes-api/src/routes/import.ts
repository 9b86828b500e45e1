// Import a note from a URL the client gives: the server fetches it, so the URL is an SSRF risk.
// guard's safe fetch refuses every destination that is not public unicast (loopback, private
// networks, cloud metadata...) unless the deployment allowed it, caps time and size, and
// follows no redirects.
import type { FastifyInstance } from 'fastify';
import { GuardError, isSafeFetchError, type SafeFetch } from '@rampart/guard';
import type { NoteStore } from '../notes.js';
import { NotesErrors } from '../errors.js';

const MAX_NOTE_LENGTH = 2000;

export function importRoute(app: FastifyInstance, notes: NoteStore, safeFetch: SafeFetch): void {
  app.post<{ Body: { url: string } }>('/notes/import', {
    config: { access: { scopes: ['notes:write'] }, rateLimit: 'authenticated' },
    schema: {
      body: { type: 'object', required: ['url'], properties: { url: { type: 'string', maxLength: 2048 } } },
      response: { 201: { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' } } } },
    },
  }, async (request, reply) => {
    let text: string;
    try {
      const response = await safeFetch(request.body.url);
      if (!response.ok) throw new GuardError(NotesErrors.NOTES_IMPORT_FAILED, { detail: `the URL answered ${response.status}` });
      text = (await response.text()).slice(0, MAX_NOTE_LENGTH);
    } catch (error) {
      if (isSafeFetchError(error)) throw new GuardError(NotesErrors.NOTES_IMPORT_REFUSED, { cause: error });
      throw error;
    }
    const note = notes.add(text, request.principal?.subject ?? 'unknown');
    return reply.code(201).send({ id: note.id, text: note.text });
  });
}
