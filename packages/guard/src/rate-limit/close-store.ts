// guard owns the store it was given: it is closed when Fastify closes (onClose), so an
// application using the Redis store exits after `app.close()` without closing it itself.
// Closing twice is harmless (RedisRateLimitStore.close is idempotent); a store shared by two
// Fastify instances is closed by the first to close.
import type { FastifyInstance } from 'fastify';
import type { GuardPolicy } from '../policy/types.js';

export function closeStoreOnClose(app: FastifyInstance, policy: GuardPolicy): void {
  const store = policy.rateLimit.store;
  if (store === 'memory') return;
  app.addHook('onClose', async (instance) => {
    try {
      await store.close();
    } catch (error) {
      instance.log.warn({ err: error }, 'rate-limit store did not close cleanly');
    }
  });
}
