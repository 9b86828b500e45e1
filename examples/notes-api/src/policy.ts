// The service's guard policy: who may reach it, how often, and who the tokens speak for.
import type { BearerVerifier, GuardPolicyInput, RateLimitStore } from '@rampart/guard';
import type { NotesConfig } from './config.js';
import { NotesErrors } from './errors.js';
import { RATE_LIMIT_CLASSES } from './rate-limits.js';
import { ASSETS_PREFIX } from './routes/assets.js';

export function notesPolicy(config: NotesConfig, store: RateLimitStore, authenticate: BearerVerifier): GuardPolicyInput {
  return {
    mode: config.production ? 'production' : 'development',
    // Names, and CIDRs for probes that send the pod address as Host (ALLOWED_HOSTS).
    allowedHosts: [...config.allowedHosts],
    // guard closes the store when the app closes.
    rateLimit: { store, classes: RATE_LIMIT_CLASSES },
    authenticate,
    errors: { codes: NotesErrors },
    // Routes @fastify/static adds have no guard config of their own.
    routeDefaults: [{ prefix: ASSETS_PREFIX, config: { access: 'public', rateLimit: 'public', headers: 'page' } }],
  };
}
