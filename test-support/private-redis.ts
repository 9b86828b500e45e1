// A private redis-server on a free port (no persistence), so that a fault test can stop, freeze
// and restart it without touching the shared Redis other tests use. Needs the redis-server
// binary: redisServerAvailable() skips with a printed reason without it, but fails under CI=true.
import { spawnSync } from 'node:child_process';
import { freePort } from './ports.js';
import { startServedProcess, type ServedProcess } from './served-process.js';
import { unavailable } from './services.js';

export const redisServerInstalled = spawnSync('redis-server', ['--version']).status === 0;

/** Call once per test file at top level: `describe.runIf(redisServerAvailable('Redis fault'))(...)`. */
export function redisServerAvailable(tests: string): boolean {
  return redisServerInstalled || unavailable(tests, 'redis-server is not installed (apt-get install redis-server)');
}

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILL: the server vanishes, connections are reset. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: the socket stays open, nothing answers. */
  freeze(): void;
  thaw(): void;
}

function launch(port: number): Promise<ServedProcess> {
  return startServedProcess({
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    ready: /Ready to accept connections/,
    startTimeoutMs: 5_000,
    name: `redis-server on port ${port}`,
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let server = await launch(port);
  const stop = async () => {
    // A frozen process only dies of SIGKILL once it runs again.
    server.child.kill('SIGCONT');
    await server.stop('SIGKILL', 5_000);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      server = await launch(port);
    },
    freeze: () => server.child.kill('SIGSTOP'),
    thaw: () => server.child.kill('SIGCONT'),
  };
}
