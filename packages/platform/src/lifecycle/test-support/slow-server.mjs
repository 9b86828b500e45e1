// Test fixture (run as a child process by shutdown.test.ts): a Fastify server with a slow route,
// shut down by the built waitForShutdown. Prints {"port": N} once listening.
import Fastify from 'fastify';
import { waitForShutdown } from '../../../dist/lifecycle/shutdown.js';

const timeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? '5000');
const app = Fastify({ forceCloseConnections: 'idle' });
app.get('/slow', async (request) => {
  const ms = Number(request.query.ms ?? '0');
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { done: ms };
});
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
const logger = {
  info: (obj, msg) => process.stdout.write(`info ${msg}\n`),
  warn: (obj, msg) => process.stdout.write(`warn ${msg}\n`),
  error: (obj, msg) => process.stdout.write(`error ${msg}\n`),
};
const closers = [{ name: 'store', close: async () => void process.stdout.write('store closed\n') }];
// Exit explicitly, as the CLI does: a handler still awaiting a timer must not keep the process alive.
process.exit(await waitForShutdown(app, closers, { timeoutMs, logger }));
