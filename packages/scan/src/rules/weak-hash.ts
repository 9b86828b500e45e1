// MD5 and SHA-1 where collisions or fast brute force matter (bandit B303/B324): hashing passwords,
// tokens, signatures, secrets. The same algorithms as an ETag, cache key, gravatar or file checksum
// are fine and not reported; when the names say nothing either way the finding is low confidence.
import { hashCall, WEAK_HASHES } from '../analysis/hash-calls.js';
import { hashPurpose, hashUsage } from '../analysis/hash-usage.js';
import { defineRule } from './define.js';

export const weakHash = defineRule(
  {
    id: 'weak-hash',
    name: 'MD5 or SHA-1 for security',
    cwe: 328,
    owasp: 'A02:2021-Cryptographic Failures',
    bandit: 'B324',
    severity: 'medium',
    confidence: 'high',
    message: 'MD5/SHA-1 protects a security value here: both are broken for passwords, tokens, signatures and secrets (collisions, fast brute force).',
    fix: 'Use SHA-256 or better for integrity and HMAC-SHA-256 for signatures; store passwords with bcrypt, scrypt or argon2 instead of any plain hash.',
    docs: {
      description:
        'Finds `crypto.createHash(\'md5\' | \'sha1\')`, `crypto.hash()`, crypto-js `MD5`/`SHA1` and the `md5`/`sha1` packages, and decides by names what is hashed and where the digest goes: ' +
        'a password, token, secret, signature, session or OTP is reported with high confidence; an ETag, cache key, gravatar, file or content checksum is not reported; anything else is low confidence.',
      vulnerable: "user.password = crypto.createHash('md5').update(req.body.password).digest('hex');",
      safe: "user.password = await bcrypt.hash(req.body.password, 12);\nconst etag = crypto.createHash('md5').update(body).digest('hex'); // fine: not a security use",
    },
  },
  (context, report) => ({
    CallExpression(node) {
      const hash = hashCall(node, context);
      if (hash === undefined || !WEAK_HASHES.has(hash.algorithm)) return;
      const purpose = hashPurpose(hashUsage(node, context, hash.oneShot));
      if (purpose === 'benign') return;
      report(node, { confidence: purpose === 'security' ? 'high' : 'low', detail: purpose === 'security' ? `(${hash.algorithm} of a password, token or secret)` : `(${hash.algorithm}; the names do not say what it protects: check its use)` });
    },
  }),
);
