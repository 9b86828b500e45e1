// Response maps (`additionalProperties: <closed schema>`, no `properties`): accepted at start-up,
// and over HTTP every value goes out through its closed schema, so nothing undeclared leaks.
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenGuardedApp } from '../test-support/guard-core-app.js';
import { responseSchemaProblems } from './response-schema.js';

const course = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } as const;
const byLanguage = { type: 'object', additionalProperties: course } as const;

describe('response maps', () => {
  it('accepts a map of closed objects and a map of typed scalars', () => {
    expect(responseSchemaProblems({ 200: byLanguage })).toEqual([]);
    expect(responseSchemaProblems({ 200: { type: 'object', properties: { counts: { type: 'object', additionalProperties: { type: 'integer' } } } } })).toEqual([]);
  });

  it('keeps refusing open objects', () => {
    expect(responseSchemaProblems({ 200: { type: 'object', additionalProperties: true } }).join()).toContain('allows additionalProperties');
    expect(responseSchemaProblems({ 200: { type: 'object', properties: {}, additionalProperties: { type: 'string' } } }).join()).toContain('allows additionalProperties');
  });

  describe('over HTTP', () => {
    let app: FastifyInstance;
    let base: string;
    beforeAll(async () => {
      ({ app, base } = await listenGuardedApp({}, (a) => {
        a.get('/courses/by-language', { config: { access: 'public', rateLimit: 'public' }, schema: { response: { 200: byLanguage } } }, async () => ({
          en: { title: 'Security', ownerPasswordHash: '$argon2id$leak' },
          fr: { title: 'Sécurité', internalNote: 'leak' },
        }));
      }));
    });
    afterAll(() => app.close());

    it('serializes every value through its closed schema', async () => {
      const response = await request(`${base}/courses/by-language`);
      expect(response.statusCode).toBe(200);
      const text = await response.body.text();
      expect(JSON.parse(text)).toEqual({ en: { title: 'Security' }, fr: { title: 'Sécurité' } });
      expect(text).not.toContain('leak');
    });
  });
});
