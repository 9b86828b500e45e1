// The real `rampart serve` (built dist/) for the browser tests: development mode, a temporary
// data directory, PORT=0; users with a role are added through the real `rampart users add`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RAMPART_BIN, startServe } from '../../e2e/test-support/serve-process.js';
import type { ServeProcess } from '../../e2e/test-support/serve-process.js';

export interface RunningApp {
  /** http://127.0.0.1:PORT: the app's origin as the browser sees it. */
  readonly origin: string;
  readonly env: Readonly<Record<string, string>>;
  readonly server: ServeProcess;
  /** `rampart users add --email E --role R --display-name N`, the password on standard input. */
  addUser(user: { email: string; password: string; role: 'free-user' | 'paid-individual' | 'admin'; displayName: string }): Promise<void>;
  stop(): Promise<void>;
}

export async function startApp(): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-browser-'));
  const env = {
    RAMPART_ENV: 'development',
    RAMPART_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // A browser journey loads many pages and assets from one address: hour windows far above
    // what the tests do, so no limit trips (the limits themselves are tested elsewhere).
    RATE_LIMIT_PUBLIC: '100000/hour',
    RATE_LIMIT_AUTHENTICATED: '100000/hour',
    RATE_LIMIT_LOGIN: '1000/hour',
  };
  const server = await startServe(env);
  return {
    origin: `http://127.0.0.1:${server.port}`,
    env,
    server,
    addUser: (user) => addUser(env, user),
    stop: async () => {
      await server.stop('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function addUser(env: Record<string, string>, user: { email: string; password: string; role: string; displayName: string }): Promise<void> {
  const args = ['users', 'add', '--email', user.email, '--role', user.role, '--display-name', user.displayName];
  const child = spawn(process.execPath, [RAMPART_BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(user.password);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rampart users add exited with ${code}: ${output}`))));
  });
}
