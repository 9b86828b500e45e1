import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { guard } from '../plugin.js';
import { listenLocal } from '../test-support/listen.js';
import { HandlerOwnershipError } from './handler-ownership.js';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function guarded(): Promise<FastifyInstance> {
  app = Fastify({ logger: false });
  await app.register(guard, {});
  return app;
}

const handler = async () => ({ replaced: true });

describe('error and not-found handlers are guard-owned', () => {
  it('refuses setErrorHandler and setNotFoundHandler at the root, naming the alternative', async () => {
    const root = await guarded();
    expect(() => root.setErrorHandler(handler)).toThrow(HandlerOwnershipError);
    expect(() => root.setErrorHandler(handler)).toThrow(/setErrorHandler\(\) called at the root after guard was registered.*errors\.render.*GuardError/);
    expect(() => root.setNotFoundHandler(handler)).toThrow(/setNotFoundHandler\(\) called at the root.*errors\.render/);
  });

  it('refuses them in a child scope and a grandchild, at start', async () => {
    const root = await guarded();
    await expect(
      root.register(async (scope) => {
        scope.setErrorHandler(handler);
      }, { prefix: '/v1' }),
    ).rejects.toThrow(/setErrorHandler\(\) called in the scope with prefix "\/v1"/);
    await expect(
      root.register(async (scope) => {
        await scope.register(async (inner) => {
          inner.setNotFoundHandler(handler);
        }, { prefix: '/deep' });
      }, { prefix: '/v2' }),
    ).rejects.toThrow(HandlerOwnershipError);
  });

  it('cannot be bypassed by assigning the method in a scope', async () => {
    const root = await guarded();
    await expect(
      root.register(async (scope) => {
        (scope as { setErrorHandler: unknown }).setErrorHandler = () => scope;
      }),
    ).rejects.toThrow(TypeError);
  });

  it("keeps guard's handlers answering over HTTP", async () => {
    const root = await guarded();
    root.get('/crash', { config: { access: 'public', rateLimit: 'public' }, schema: { response: { 200: { type: 'object' } } } }, async () => {
      throw new Error('secret internals');
    });
    const base = await listenLocal(root);
    const crash = await request(`${base}/crash`);
    expect(crash.statusCode).toBe(500);
    expect(await crash.body.json()).toMatchObject({ error: 'internal_error', message: 'internal error' });
    const missing = await request(`${base}/nowhere`);
    expect(missing.statusCode).toBe(404);
    expect(await missing.body.json()).toMatchObject({ error: 'not_found' });
  });
});
