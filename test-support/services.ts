// Reachability of the real services that integration tests use.
// Reachable: the test runs. Unreachable: skipped with a printed reason, except under CI=true,
// where an unreachable service is a failure (CI machines always have them).
import { execFile } from 'node:child_process';
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

export function unavailable(name: string, reason: string): false {
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires it`);
  console.warn(`skipping ${name} tests: ${reason}`);
  return false;
}

async function require(name: string, url: string, port: number): Promise<boolean> {
  if (await reachable(url, port)) return true;
  return unavailable(name, `${name} is not reachable at ${url}`);
}

/** Resolve once per test file at top level: `const pg = await postgresAvailable();` then
 * `describe.runIf(pg)(...)`. */
export const postgresAvailable = () => require('PostgreSQL', POSTGRES_URL, 5432);
export const redisAvailable = () => require('Redis', REDIS_URL, 6379);

/** Debian's interpreter, where python3-fastapi and python3-uvicorn install (the pyenv python3
 * on PATH has neither). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

function pythonImports(modules: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(SYSTEM_PYTHON, ['-c', `import ${modules.join(', ')}`], { timeout: 10_000 }, (error) => resolve(error === null));
  });
}

/** FastAPI and uvicorn under /usr/bin/python3 (`apt-get install python3-fastapi
 * python3-uvicorn`; .ci/run installs them when missing). */
export async function fastapiAvailable(): Promise<boolean> {
  if (await pythonImports(['fastapi', 'uvicorn'])) return true;
  return unavailable('FastAPI', `${SYSTEM_PYTHON} cannot import fastapi and uvicorn (apt-get install python3-fastapi python3-uvicorn)`);
}
