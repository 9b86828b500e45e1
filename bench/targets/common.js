// What every benchmark target serves, so that the comparison is like for like:
// the same route, the same JSON body, the same security header set, the same limiter settings.
import { randomUUID } from 'node:crypto';

export const BODY = Object.freeze({
  status: 'ok',
  courses: [
    { id: '7f9c2ba4-e88f-4d6a-9b0e-2f3f5b1c0a11', title: 'Threat modelling', level: 'intermediate' },
    { id: '0b1d5e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b', title: 'Secure defaults', level: 'beginner' },
  ],
});

/** The response schema of BODY, for the targets that serialise through a schema (Fastify). */
export const BODY_RESPONSE_SCHEMA = {
  200: {
    type: 'object',
    properties: {
      status: { type: 'string' },
      courses: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, level: { type: 'string' } } } },
    },
  },
};

export const ALLOWED_ORIGIN = 'https://app.example.test';
export const ALLOWED_HOSTS = ['127.0.0.1', 'localhost'];

/** The API header profile every target sends (the values guard computes for its API profile). */
export const SECURITY_HEADERS = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
});

/** Limiter settings: a limit that never trips in the throughput scenarios, one that always trips in scenario 3. */
export function limiterSettings() {
  const mode = process.env.BENCH_LIMIT ?? 'open';
  return mode === 'closed' ? { max: 1, windowMs: 60_000 } : { max: 1_000_000_000, windowMs: 60_000 };
}

/** A well-formed caller request id is kept, anything else replaced (the same rule for every target). */
export function requestId(header) {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(header) ? header : randomUUID();
}

export function hostAllowed(hostHeader) {
  if (typeof hostHeader !== 'string') return false;
  const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
  return ALLOWED_HOSTS.includes(name);
}

/** Targets print their port as one JSON line so the orchestrator can find them. */
export function announce(port) {
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

export const PORT = Number(process.env.PORT ?? 0);
export const HOST = '127.0.0.1';
