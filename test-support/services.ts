// Reachability of the real services that integration tests use.
// Reachable: the test runs. Unreachable: skipped with a printed reason, except under CI=true,
// where an unreachable service is a failure (CI machines always have them).
import { connect } from 'node:net';

export const POSTGRES_URL = process.env.RAMPART_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.RAMPART_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string, defaultPort: number, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function require(name: string, url: string, port: number): Promise<boolean> {
  if (await reachable(url, port)) return true;
  const reason = `${name} is not reachable at ${url}`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires it`);
  console.warn(`skipping ${name} tests: ${reason}`);
  return false;
}

/** Resolve once per test file at top level: `const pg = await postgresAvailable();` then
 * `describe.runIf(pg)(...)`. */
export const postgresAvailable = () => require('PostgreSQL', POSTGRES_URL, 5432);
export const redisAvailable = () => require('Redis', REDIS_URL, 6379);
