// Graceful shutdown against a real child process (the built dist; `npm test` builds first).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./test-support/slow-server.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/lifecycle/shutdown.js', import.meta.url));

interface Child {
  readonly process: ChildProcess;
  readonly port: number;
  readonly exit: Promise<number | null>;
  output(): string;
}

function startFixture(timeoutMs: number): Promise<Child> {
  if (!existsSync(BUILT)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
  const child = spawn(process.execPath, [FIXTURE], { env: { ...process.env, SHUTDOWN_TIMEOUT_MS: String(timeoutMs) } });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\{"port":(\d+)\}/.exec(output);
      if (match) resolve({ process: child, port: Number(match[1]), exit, output: () => output });
    });
    void exit.then((code) => reject(new Error(`fixture exited with ${code}: ${output}`)));
  });
}

function slow(port: number, ms: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: `/slow?ms=${ms}`, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('waitForShutdown (real process)', { timeout: 60_000 }, () => {
  it('finishes the request in flight, refuses new connections, closes stores, exits 0', async () => {
    const child = await startFixture(10_000);
    const inFlight = slow(child.port, 1_500);
    await sleep(300);
    child.process.kill('SIGTERM');
    await sleep(200);
    await expect(slow(child.port, 0)).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket hang up/);
    expect(await inFlight).toEqual({ status: 200, body: '{"done":1500}' });
    expect(await child.exit).toBe(0);
    expect(child.output()).toContain('store closed');
  });

  it('cuts requests still running at the deadline and exits 1, stores still closed', async () => {
    const child = await startFixture(300);
    const stuck = slow(child.port, 20_000);
    stuck.catch(() => undefined);
    await sleep(300);
    const signalled = Date.now();
    child.process.kill('SIGTERM');
    expect(await child.exit).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    await expect(stuck).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(child.output()).toContain('store closed');
  });

  it('a second signal does not kill the process before the stores are closed', async () => {
    const child = await startFixture(10_000);
    const inFlight = slow(child.port, 20_000);
    inFlight.catch(() => undefined);
    await sleep(300);
    child.process.kill('SIGTERM');
    await sleep(200);
    child.process.kill('SIGINT');
    expect(await child.exit).toBe(0);
    expect(child.output()).toContain('second signal');
    expect(child.output()).toContain('store closed');
  });
});
