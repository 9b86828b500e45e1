import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePolicy } from '../policy/index.js';
import type { RouteGuardConfig, SecurityTxtPolicy } from '../policy/types.js';
import { buildSecurityTxt, LEGACY_SECURITY_TXT_PATH, SECURITY_TXT_PATH, securityTxtRoute } from './index.js';

const START = new Date('2026-11-28T12:00:00.000Z');

describe('buildSecurityTxt', () => {
  it('writes every contact, Expires one year after start, Policy and Preferred-Languages', () => {
    const text = buildSecurityTxt(
      {
        contact: ['mailto:security@example.com', 'https://example.com/security'],
        policy: 'https://example.com/disclosure',
        preferredLanguages: 'en, fr',
      },
      START,
    );
    expect(text).toBe(
      [
        'Contact: mailto:security@example.com',
        'Contact: https://example.com/security',
        'Expires: 2027-11-28T12:00:00.000Z',
        'Policy: https://example.com/disclosure',
        'Preferred-Languages: en, fr',
        '',
      ].join('\n'),
    );
  });

  it('uses a configured Expires', () => {
    const text = buildSecurityTxt({ contact: ['mailto:a@example.com'], expires: new Date('2027-03-01T00:00:00Z') }, START);
    expect(text).toContain('Expires: 2027-03-01T00:00:00.000Z\n');
  });

  it.each<[string, SecurityTxtPolicy, RegExp]>([
    ['no contact', { contact: [] }, /at least one/],
    ['an http: contact', { contact: ['http://example.com/security'] }, /mailto: or https:/],
    ['a javascript: contact', { contact: ['javascript:alert(1)'] }, /mailto: or https:/],
    ['a tel: contact', { contact: ['tel:+1-555-0100'] }, /mailto: or https:/],
    ['a contact that adds a line', { contact: ['mailto:a@example.com\nPolicy: https://evil.test'] }, /whitespace or control/],
    ['a mailto: without an address', { contact: ['mailto:nobody'] }, /one address/],
    ['an http: policy', { contact: ['mailto:a@example.com'], policy: 'http://example.com/p' }, /https:/],
    ['an expiry in the past', { contact: ['mailto:a@example.com'], expires: new Date('2020-01-01T00:00:00Z') }, /future/],
    ['an invalid date', { contact: ['mailto:a@example.com'], expires: new Date('nope') }, /future/],
    ['a language list with a line break', { contact: ['mailto:a@example.com'], preferredLanguages: 'en\nContact: x' }, /language tags/],
  ])('refuses %s at start', (_name, config, message) => {
    expect(() => buildSecurityTxt(config, START)).toThrow(message);
  });
});

describe('securityTxtRoute with inject()', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const policy = resolvePolicy({ securityTxt: { contact: ['mailto:security@example.com'], policy: 'https://example.com/disclosure' } });
    app = Fastify({ routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
    // What the guard plugin reads: the route's declared access and rate-limit class.
    app.addHook('onRequest', async (request, reply) => {
      const config = request.routeOptions.config as Partial<RouteGuardConfig>;
      reply.header('x-test-route-config', `${String(config.access)}/${String(config.rateLimit)}`);
    });
    await app.register(securityTxtRoute(policy), { prefix: '/ignored' });
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves RFC 9116 text/plain at /.well-known/security.txt', async () => {
    const response = await app.inject({ method: 'GET', url: SECURITY_TXT_PATH });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toMatch(/^Contact: mailto:security@example\.com\nExpires: \d{4}-\d\d-\d\dT[\d:.]+Z\nPolicy: https:\/\/example\.com\/disclosure\n$/);
    const expires = new Date(/Expires: (\S+)/.exec(response.body)?.[1] ?? '');
    const days = (expires.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(365);
  });

  it('declares both routes public and rate limited in the public class', async () => {
    for (const url of [SECURITY_TXT_PATH, LEGACY_SECURITY_TXT_PATH]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers['x-test-route-config']).toBe('public/public');
    }
  });

  it('redirects the legacy top-level path', async () => {
    const response = await app.inject({ method: 'GET', url: LEGACY_SECURITY_TXT_PATH });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(SECURITY_TXT_PATH);
  });

  it('answers HEAD and refuses other methods', async () => {
    expect((await app.inject({ method: 'HEAD', url: SECURITY_TXT_PATH })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: SECURITY_TXT_PATH, payload: {} })).statusCode).toBe(404);
  });

  it('registers nothing when securityTxt is false', async () => {
    const bare = Fastify();
    await bare.register(securityTxtRoute(resolvePolicy({ securityTxt: false })));
    expect((await bare.inject({ method: 'GET', url: SECURITY_TXT_PATH })).statusCode).toBe(404);
    await bare.close();
  });
});
