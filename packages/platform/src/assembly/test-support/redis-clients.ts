// Test-only: how many client connections Redis itself lists under a client name (`CLIENT LIST`),
// polled until `expected` or a short deadline (a QUIT or a dropped socket is seen by the server
// a moment later).
import type { Redis } from 'ioredis';

export async function redisClientsNamed(admin: Redis, name: string, expected: number, timeoutMs = 3000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = (await admin.client('LIST')) as string;
    const count = list.split('\n').filter((line) => line.includes(` name=${name} `)).length;
    if (count === expected || Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
