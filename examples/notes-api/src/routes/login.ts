// The operator's login: a password check in the `login` rate-limit class (a few attempts a
// minute per client address), so a password cannot be guessed by brute force.
import type { FastifyInstance } from 'fastify';
import { GuardError } from '@rampart/guard';
import { NotesErrors } from '../errors.js';
import { sameSecret } from '../secrets.js';

export function loginRoute(app: FastifyInstance, operatorPassword: string): void {
  app.post<{ Body: { user: string; password: string } }>('/login', {
    config: { access: 'public', rateLimit: 'login' },
    schema: {
      body: {
        type: 'object',
        required: ['user', 'password'],
        properties: { user: { type: 'string', maxLength: 64 }, password: { type: 'string', maxLength: 256 } },
      },
      response: { 200: { type: 'object', properties: { user: { type: 'string' } } } },
    },
  }, async (request) => {
    const { user, password } = request.body;
    // Both compared every time: the answer takes as long for a wrong user as for a wrong password.
    const userMatches = sameSecret(user, 'operator');
    const passwordMatches = sameSecret(password, operatorPassword);
    if (!userMatches || !passwordMatches) throw new GuardError(NotesErrors.NOTES_BAD_CREDENTIALS);
    return { user };
  });
}
