// Hono on @hono/node-server + secureHeaders + cors + hono-rate-limiter + a host check.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { secureHeaders } from 'hono/secure-headers';
import { cors } from 'hono/cors';
import { rateLimiter } from 'hono-rate-limiter';
import { BODY, ALLOWED_ORIGIN, HOST, PORT, announce, hostAllowed, limiterSettings, requestId } from './common.js';

const app = new Hono();
app.use('*', async (c, next) => {
  if (!hostAllowed(c.req.header('host'))) return c.json({ error: 'host_not_allowed' }, 400);
  c.header('x-request-id', requestId(c.req.header('x-request-id')));
  c.header('cache-control', 'no-store');
  await next();
});
app.use('*', secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  permissionsPolicy: {
    accelerometer: [], camera: [], geolocation: [], gyroscope: [], magnetometer: [], microphone: [], payment: [], usb: [],
  },
  originAgentCluster: false, xDnsPrefetchControl: false, xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false, xXssProtection: false,
}));
app.use('*', cors({ origin: [ALLOWED_ORIGIN], credentials: true, allowMethods: ['GET', 'POST'] }));
const { max, windowMs } = limiterSettings();
app.use('*', rateLimiter({
  windowMs, limit: max, standardHeaders: 'draft-7',
  keyGenerator: (c) => c.env?.incoming?.socket?.remoteAddress ?? 'unknown',
}));
app.get('/bench', (c) => c.json(BODY));
serve({ fetch: app.fetch, hostname: HOST, port: PORT }, (info) => announce(info.port));
