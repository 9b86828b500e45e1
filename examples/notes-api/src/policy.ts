// The service's guard policy: who may reach it, how often, and who the tokens speak for.
import type { BearerVerifier, GuardPolicyInput, RateLimitStore } from '@rampart/guard';
import type { NotesConfig } from './config.js';
import { ASSETS_PREFIX } from './routes/assets.js';
import { WEBHOOK_RATE_LIMIT } from './routes/webhook.js';

export function notesPolicy(config: NotesConfig, store: RateLimitStore, authenticate: BearerVerifier): GuardPolicyInput {
  return {
    mode: config.production ? 'production' : 'development',
    allowedHosts: [...config.allowedHosts],
    rateLimit: {
      store,
      classes: {
        login: { limit: 5, windowMs: 60_000 },
        health: { ...WEBHOOK_RATE_LIMIT, onStoreFailure: 'closed' },
      },
    },
    authenticate,
    // Routes @fastify/static adds have no guard config of their own.
    routeDefaults: [{ prefix: ASSETS_PREFIX, config: { access: 'public', rateLimit: 'public', headers: 'page' } }],
  };
}
