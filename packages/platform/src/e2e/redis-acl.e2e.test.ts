// docs/deployment.md's Redis ACL line, as written, is enough for the platform: `rampart serve`
// (production, REDIS_URL_FILE) as that user limits logins through Redis without a NOPERM.
// The user is created on the test Redis under a unique name and removed afterwards; requests
// come from a loopback address of their own so that no other test's counters are touched.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailable, REDIS_URL } from '../../../../test-support/services.js';
import { startServe } from '../../../../test-support/rampart-cli.js';

const DEPLOYMENT_DOC = new URL('../../../../docs/deployment.md', import.meta.url);
const redisUp = await redisAvailable();

/** The `user rampart on >... <rules>` line of the documented redis.conf, as ACL SETUSER arguments. */
function documentedRules(): string[] {
  const line = readFileSync(DEPLOYMENT_DOC, 'utf8').split('\n').find((text) => text.startsWith('user rampart on '));
  if (!line) throw new Error('docs/deployment.md has no "user rampart on" line');
  return line.split(/\s+/).slice(2).filter((rule) => !rule.startsWith('>'));
}

function login(port: number, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ email: `acl-${from}@example.test`, password: 'not-the-password-1234' });
    const req = request(
      { host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/auth/login', headers: { host: '127.0.0.1', 'content-type': 'application/json' }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe.runIf(redisUp)('the documented Redis ACL user', { timeout: 240_000 }, () => {
  const user = `rampart_acl_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(24).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-redis-acl-'));
  const admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  afterAll(async () => {
    await admin.call('ACL', 'DELUSER', user).catch(() => undefined);
    admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves and rate-limits logins through Redis as that user', async () => {
    const rules = documentedRules();
    expect(rules).toContain('~rampart:*');
    await admin.call('ACL', 'SETUSER', user, 'reset', ...rules, `>${password}`);
    const url = new URL(REDIS_URL);
    url.username = user;
    url.password = password;
    writeFileSync(join(dir, 'redis-url'), `${url.href}\n`, { mode: 0o600 });
    const server = await startServe({
      RAMPART_ENV: 'production',
      ALLOWED_HOSTS: '127.0.0.1',
      SECURITY_CONTACT: 'mailto:security@example.test',
      RAMPART_DATA_DIR: join(dir, 'data'),
      REDIS_URL_FILE: join(dir, 'redis-url'),
      RATE_LIMIT_LOGIN: '2/hour',
      LOG_LEVEL: 'info',
    });
    try {
      // The one Redis connection opens after the listener; until it is up, logins answer 503.
      const up = () => server.output().includes('redis store is up');
      for (let waited = 0; !up() && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      const from = `127.0.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 200) + 20}`;
      const statuses = [await login(server.port, from), await login(server.port, from), await login(server.port, from)];
      // 401 twice (wrong password), then the Redis counter is over the limit; 503 would mean Redis refused.
      expect(statuses).toEqual([401, 401, 429]);
      expect(await admin.exists(`rampart:rl:login|a:${from}`)).toBe(1);
    } finally {
      await server.stop();
    }
    expect(server.output()).toContain('redis store is up');
    expect(server.output()).not.toMatch(/NOPERM|ready check/);
    expect(server.output()).not.toContain(password);
  });
});
