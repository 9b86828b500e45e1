// Starts a Fastify app on 127.0.0.1, port 0, and returns its base URL (for undici requests).
import type { FastifyInstance } from 'fastify';

export async function listenLocal(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP port');
  return `http://127.0.0.1:${address.port}`;
}
