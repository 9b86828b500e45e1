import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../errors/index.js';
import { composeLayers } from '../plugin.js';
import { resolvePolicy } from '../policy/index.js';
import { principal } from '../test-support/guard-core-app.js';
import { createAuthorizeLayer, hasAccess } from './index.js';

describe('hasAccess', () => {
  const user = principal('u', ['a', 'b'], ['staff']);
  it('needs every listed scope and every listed role', () => {
    expect(hasAccess(user, { scopes: ['a', 'b'] })).toBe(true);
    expect(hasAccess(user, { scopes: ['a', 'c'] })).toBe(false);
    expect(hasAccess(user, { scopes: ['a'], roles: ['staff'] })).toBe(true);
    expect(hasAccess(user, { roles: ['admin'] })).toBe(false);
  });
  it('compares names exactly (no prefix or case folding)', () => {
    expect(hasAccess(user, { scopes: ['A'] })).toBe(false);
    expect(hasAccess(user, { roles: ['staf'] })).toBe(false);
  });
});

describe('authorize layer standalone', () => {
  it('refuses a matched route that escaped the start-up check (default deny), and lets 404s through', async () => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(createErrorHandler());
    app.addHook('onRequest', composeLayers([createAuthorizeLayer(resolvePolicy({}))]));
    app.get('/undeclared', async () => ({ leaked: true }));
    const undeclared = await app.inject('/undeclared');
    expect(undeclared.statusCode).toBe(500);
    expect(undeclared.json()).toMatchObject({ error: 'internal_error', message: 'internal error' });
    expect(undeclared.body).not.toContain('leaked');
    expect((await app.inject('/missing')).statusCode).toBe(404);
    await app.close();
  });
});
