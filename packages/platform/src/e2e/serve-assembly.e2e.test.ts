// End to end: the real `rampart serve` process (built dist) in development with REDIS_URL, its
// output a pipe (not a terminal). Its log stays JSON lines, the process holds exactly one Redis
// connection (named after its pid), and SIGTERM closes it and exits 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable } from '../../../../test-support/services.js';
import { redisClientsNamed } from '../assembly/test-support/redis-clients.js';
import { rawRequest, startServe } from './test-support/serve-process.js';

const available = await redisAvailable();

describe.runIf(available)('rampart serve, assembled (real process)', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-e2e-assembly-'));
  let admin: Redis;

  beforeAll(() => {
    admin = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await admin.quit();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const connectionsNamed = (name: string, expected: number) => redisClientsNamed(admin, name, expected);

  it('logs JSON lines when not on a terminal, opens one Redis connection, closes it on SIGTERM', async () => {
    const server = await startServe({ RAMPART_DATA_DIR: dataDir, REDIS_URL, LOG_LEVEL: 'info' });
    const name = `rampart-${server.child.pid}`;
    let exitCode: number | null;
    try {
      const health = await rawRequest(server.port, { path: '/health', headers: { host: 'localhost' } });
      expect(health.status).toBe(200);
      // A login touches the rate-limit store and the identity state: both on the one connection.
      await rawRequest(server.port, {
        method: 'POST',
        path: '/auth/login',
        headers: { host: 'localhost', 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.test', password: 'not the password at all' }),
      });
      expect(await connectionsNamed(name, 1)).toBe(1);
    } finally {
      exitCode = await server.stop('SIGTERM');
    }
    expect(exitCode).toBe(0);
    expect(await connectionsNamed(name, 0)).toBe(0);

    const lines = server.output().split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    const messages = lines.map((line) => (JSON.parse(line) as { msg?: string }).msg);
    expect(messages).toContain('rampart listening');
    expect(messages).toContain('shut down');
  });
});
