// Rampart: the same route through every guard layer (hosts, request id, headers, CORS, rate limit,
// authentication + scope check on /bench/auth, body and response schema), from the built package.
import Fastify from 'fastify';
import { createServer } from 'node:http';
import { generateKeyPair, exportJWK, SignJWT, jwtVerify } from 'jose';
import { guard, guardServerOptions, resolvePolicy, RedisRateLimitStore, oidcVerifier, VerifiedTokenCache } from '@rampart/guard';
import { BODY, BODY_RESPONSE_SCHEMA, ALLOWED_ORIGIN, ALLOWED_HOSTS, HOST, PORT, announce, limiterSettings } from './common.js';

// BENCH_VERIFIER=oidc (scenario 2's second variant): the token is verified by guard's own
// oidcVerifier against a local discovery + JWKS provider served by this process on loopback
// (fetched once, then cached), instead of the platform's verifier.
const viaOidc = process.env.BENCH_VERIFIER === 'oidc';
const provider = viaOidc ? await startProvider() : undefined;
const ISSUER = provider?.issuer ?? 'https://bench.rampart.test';
const AUDIENCE = 'rampart-bench';
const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });

// guard's verified-token cache, as the platform uses it (a token verified once is not verified
// again until it expires, at most 60 s; revocation is checked per request by the platform).
const verified = new VerifiedTokenCache();

/** Verifies the bench token exactly as the platform does: algorithm, issuer, audience, typ, claims, age.
 * A verifier of one's own that keeps a VerifiedTokenCache answers a remembered token through
 * `verifyCached`, as docs/guard.md describes and oidcVerifier does (no promise per request). */
const verifier = {
  verifyCached(token) {
    return verified.get(token, Date.now());
  },
  async verify(token) {
    const now = Date.now();
    const cached = verified.get(token, now);
    if (cached !== undefined) return cached;
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: ['EdDSA'], issuer: ISSUER, audience: AUDIENCE, typ: 'at+jwt',
      requiredClaims: ['sub', 'exp', 'iat', 'jti', 'scope'], maxTokenAge: '15m', clockTolerance: 5,
    });
    const principal = Object.freeze({
      subject: String(payload.sub), issuer: ISSUER, tokenId: String(payload.jti),
      scopes: new Set(String(payload.scope).split(' ')), roles: new Set(payload.roles ?? []), claims: payload,
    });
    verified.set(token, principal, Math.min(payload.exp * 1000, (payload.iat + 900) * 1000), now);
    return principal;
  },
};

async function startProvider() {
  const server = createServer((request, response) => {
    const issuer = `http://127.0.0.1:${server.address().port}`;
    const body = request.url === '/.well-known/openid-configuration'
      ? { issuer, jwks_uri: `${issuer}/jwks` }
      : request.url === '/jwks' ? { keys: [jwk] } : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  let jwk;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { issuer: `http://127.0.0.1:${server.address().port}`, setKey: (key) => { jwk = key; } };
}
if (provider) provider.setKey({ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'EdDSA', use: 'sig' });

const { max, windowMs } = limiterSettings();
const rule = { limit: max, windowMs };
// The Redis store is used only for scenario 4.
const store = process.env.BENCH_STORE === 'redis'
  ? new RedisRateLimitStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `rampart:bench:${process.pid}:` })
  : 'memory';
const policy = resolvePolicy({
  mode: 'production',
  allowedHosts: ALLOWED_HOSTS,
  trustProxy: process.env.BENCH_TRUST_PROXY === '1' ? ['127.0.0.1'] : [],
  cors: { origins: [ALLOWED_ORIGIN], credentials: true, methods: ['GET', 'POST'] },
  rateLimit: { store, classes: { public: rule, authenticated: rule } },
  securityTxt: { contact: ['mailto:security@example.test'] },
  authenticate: viaOidc
    ? oidcVerifier({ issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'], typ: 'at+jwt', scopeClaim: 'scope', rolesClaim: 'roles', maxTokenAgeSeconds: 900, clockToleranceSeconds: 5 })
    : verifier,
});

const app = Fastify(guardServerOptions(policy, { logger: false }));
await app.register(guard, policy);
const response = BODY_RESPONSE_SCHEMA;
// Synchronous handlers, as bare Fastify's and the Fastify plugin stack's: an async handler costs
// a promise and a microtask per request, which is the application's choice, not guard's work.
app.get('/bench', { config: { access: 'public', rateLimit: 'public' }, schema: { response } }, () => BODY);
app.get('/bench/auth', { config: { access: { scopes: ['courses:read'] }, rateLimit: 'authenticated' }, schema: { response } }, () => BODY);
// The token is printed before listening, so the orchestrator has it once the port accepts connections.
const token = await new SignJWT({ scope: 'profile:read courses:read', roles: ['free-user'] })
  .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: 'bench' })
  .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('bench-user').setJti('bench-token')
  .setIssuedAt().setExpirationTime('15m').sign(privateKey);
process.stdout.write(`${JSON.stringify({ token })}\n`);
await app.listen({ host: HOST, port: PORT });

announce(app.server.address().port);
