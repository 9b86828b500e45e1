import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerAvailable, startPrivateRedis, type PrivateRedis } from './private-redis.js';

const installed = redisServerAvailable('private redis-server');

describe.runIf(installed)('startPrivateRedis', () => {
  let redis: PrivateRedis;
  const client = () => new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, commandTimeout: 300 });

  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('serves, freezes, thaws, stops and restarts empty on the same port', async () => {
    const first = client();
    await first.connect();
    await first.set('k', 'v');
    expect(await first.get('k')).toBe('v');

    redis.freeze();
    await expect(first.get('k')).rejects.toThrow(/timed out/i);
    redis.thaw();
    expect(await first.get('k')).toBe('v');
    first.disconnect();

    await redis.stop();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: redis.port });
      socket.once('connect', () => resolve('connected'));
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
    });
    expect(refused).toBe('ECONNREFUSED');

    await redis.restart();
    const second = client();
    await second.connect();
    expect(await second.get('k')).toBe(null);
    second.disconnect();
  });
});
