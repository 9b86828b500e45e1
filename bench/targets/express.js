// Express 5 + helmet + cors + express-rate-limit + a host check.
import express from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import { BODY, SECURITY_HEADERS, ALLOWED_ORIGIN, HOST, PORT, announce, hostAllowed, limiterSettings, requestId } from './common.js';

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use((req, res, next) => {
  if (!hostAllowed(req.headers.host)) return res.status(400).json({ error: 'host_not_allowed' });
  res.set('x-request-id', requestId(req.headers['x-request-id']));
  res.set('permissions-policy', SECURITY_HEADERS['permissions-policy']);
  res.set('cache-control', 'no-store');
  next();
});
app.use(helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true, preload: false },
  originAgentCluster: false, xDnsPrefetchControl: false, xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false, xXssProtection: false,
}));
app.use(cors({ origin: [ALLOWED_ORIGIN], credentials: true, methods: ['GET', 'POST'] }));
const { max, windowMs } = limiterSettings();
app.use(rateLimit({ limit: max, windowMs, standardHeaders: 'draft-8', legacyHeaders: false }));
app.get('/bench', (_req, res) => { res.json(BODY); });
const server = app.listen(PORT, HOST, () => announce(server.address().port));
