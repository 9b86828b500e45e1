// A JWT, session, cookie or HMAC key written into the source: anyone with the code (a leaked repo,
// a former contractor, the npm tarball) can forge tokens, sessions and signed cookies.
import type { AssignmentExpression, CallExpression, NewExpression } from 'estree';
import { keyPositions, koaKeysPosition } from '../analysis/signing-keys.js';
import { staticKey } from '../analysis/static-key.js';
import { defineRule } from './define.js';

export const hardcodedSigningKey = defineRule(
  {
    id: 'hardcoded-signing-key',
    name: 'Signing key in the source',
    cwe: 321,
    owasp: 'A02:2021-Cryptographic Failures',
    severity: 'high',
    confidence: 'high',
    message: 'A signing, session or encryption key is hard-coded: whoever has the source can forge tokens, sessions or signed cookies, or decrypt the data.',
    fix: 'Load the key from the environment or a secret manager at start-up (and fail if it is missing); rotate the key that was committed.',
    docs: {
      description:
        'Finds literal or constant keys passed to `jwt.sign`/`jwt.verify` (jsonwebtoken), jose (`SignJWT.sign`, `jwtVerify` with `new TextEncoder().encode(\'...\')`), hono `jwt({ secret })`, `@nestjs/jwt`, `express-jwt`, `passport-jwt` `secretOrKey`, `express-session`/`cookie-session` `secret`/`keys`, Koa `app.keys`, `cookie-parser`, the Fastify cookie/session/jwt plugins, `crypto.createHmac`, and the key of `crypto.createCipheriv`/`createDecipheriv` (and the deprecated `createCipher`) and crypto-js `AES.encrypt`/`decrypt`. ' +
        'A literal used only as the fallback of an environment look-up (`process.env.JWT_SECRET || \'dev\'`) is reported with medium confidence: the application silently runs with the public key when the variable is missing.',
      vulnerable: "app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));\nconst token = jwt.sign({ sub: user.id }, 'super-secret');",
      safe: "const secret = process.env.SESSION_SECRET;\nif (!secret) throw new Error('SESSION_SECRET is not set');\napp.use(session({ secret, resave: false, saveUninitialized: false }));",
    },
  },
  (context, report) => {
    const check = (call: CallExpression | NewExpression | AssignmentExpression): void => {
      const positions = call.type === 'AssignmentExpression' ? [koaKeysPosition(call, context)].filter((p) => p !== undefined) : keyPositions(call, context);
      for (const position of positions) {
        const key = staticKey(position.node, context);
        // a public key or certificate verifies; it is meant to be published
        if (key === undefined || /-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(key.value)) continue;
        const from = key.constant === undefined ? '' : ` (from \`${key.constant}\`)`;
        report(position.node, {
          confidence: key.fallback ? 'medium' : 'high',
          detail: key.fallback ? `(${position.use}: a literal fallback when the variable is unset${from})` : `(${position.use}${from})`,
        });
      }
    };
    return { CallExpression: check, NewExpression: check, AssignmentExpression: check };
  },
);
