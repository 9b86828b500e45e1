// Builds the service: guard first (it must see every route), then the routes. Closing the app
// closes the rate-limit store (guard does), the provider and the outbound connections, so the
// process can exit.
import Fastify, { type FastifyInstance } from 'fastify';
import { createSafeFetch, guard, guardServerOptions, resolvePolicy, RedisRateLimitStore } from '@rampart/guard';
import { tokenVerifier } from './auth.js';
import type { NotesConfig } from './config.js';
import { NoteStore } from './notes.js';
import { notesPolicy } from './policy.js';
import { assetRoutes } from './routes/assets.js';
import { healthRoute } from './routes/health.js';
import { importRoute } from './routes/import.js';
import { loginRoute } from './routes/login.js';
import { notesRoutes } from './routes/notes.js';
import { statusPageRoute } from './routes/status-page.js';
import { uploadRoute } from './routes/upload.js';
import { webhookRoute } from './routes/webhook.js';

export async function buildApp(config: NotesConfig): Promise<FastifyInstance> {
  const store = new RedisRateLimitStore({ url: config.redisUrl, prefix: config.redisPrefix });
  try {
    const verifier = tokenVerifier(config.oidcIssuer, config.oidcAudience);
    const policy = resolvePolicy(notesPolicy(config, store, verifier));
    const app = Fastify(guardServerOptions(policy));
    app.addHook('onClose', () => verifier.close());
    const safeFetch = createSafeFetch({ allowPrivate: [...config.importAllowPrivate] });
    app.addHook('onClose', () => safeFetch.close());
    await app.register(guard, policy);

    const notes = new NoteStore();
    notesRoutes(app, notes);
    importRoute(app, notes, safeFetch);
    loginRoute(app, config.operatorPassword);
    webhookRoute(app, config.webhookSecret, (event) => app.log.info({ event }, 'webhook received'));
    statusPageRoute(app, notes);
    uploadRoute(app);
    healthRoute(app);
    await assetRoutes(app);
    return app;
  } catch (error) {
    await store.close();
    throw error;
  }
}
