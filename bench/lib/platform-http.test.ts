// The clients of the platform scenarios against real local servers: the probe must not hide a
// stall (latency from the scheduled time), the hammer must count per key and never lose answers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hammer, probe } from './platform-http.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('probe', () => {
  it('counts a stall against every request scheduled during it (no coordinated omission)', async () => {
    let served = 0;
    const port = await listen((_req, res) => {
      served += 1;
      // The 10th request stalls the whole process for a second, as a blocked event loop would.
      if (served === 10) {
        const until = Date.now() + 1000;
        while (Date.now() < until);
      }
      res.end('{"status":"ok"}');
    });
    const result = await probe({ port, path: '/health', rate: 50, seconds: 4, connections: 8 });
    expect(result.count).toBe(200);
    expect(result.statuses).toEqual({ 200: 200 });
    // The ~50 requests due during the stall all wait for it: a quarter of the samples carry up to
    // a second, so p99 must show it. A closed loop would record one slow sample in 200 and report
    // its ordinary latency as p99. (Bounds are loose: the machine running the tests is shared.)
    expect(result.maxMs).toBeGreaterThan(900);
    expect(result.p99Ms).toBeGreaterThan(700);
    expect(result.p50Ms).toBeLessThan(result.p99Ms / 2);
  });

  it('reports refusals and unreachable servers as statuses, not as latencies of success', async () => {
    const port = await listen((_req, res) => {
      res.statusCode = 429;
      res.end();
    });
    const refused = await probe({ port, path: '/health', rate: 50, seconds: 0.2, connections: 2 });
    expect(refused.statuses).toEqual({ 429: 10 });
    const closedPort = await listen(() => undefined);
    await new Promise((r) => servers.pop()?.close(r));
    const unreachable = await probe({ port: closedPort, path: '/health', rate: 50, seconds: 0.2, connections: 2 });
    expect(unreachable.statuses).toEqual({ 0: 10 });
  });
});

describe('hammer', () => {
  it('spreads each key over every port and counts 2xx per key', async () => {
    const seen = new Map<string, Map<number, number>>();
    const admitted = new Map<string, number>();
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const index = i;
      ports.push(
        await listen((req, res) => {
          const key = String(req.headers['x-forwarded-for']);
          const perPort = seen.get(key) ?? new Map<number, number>();
          perPort.set(index, (perPort.get(index) ?? 0) + 1);
          seen.set(key, perPort);
          // A limit of 5 per key shared by all three servers.
          const count = (admitted.get(key) ?? 0) + 1;
          admitted.set(key, count);
          res.statusCode = count <= 5 ? 200 : 429;
          res.end();
        }),
      );
    }
    const result = await hammer({ ports, path: '/bench', keys: 4, perKey: 12, concurrency: 6 });
    expect(result.requests).toBe(48);
    expect(result.statuses).toEqual({ 200: 20, 429: 28 });
    expect(Object.values(result.admittedByKey)).toEqual([5, 5, 5, 5]);
    for (const perPort of seen.values()) expect([...perPort.values()]).toEqual([4, 4, 4]);
  });
});
