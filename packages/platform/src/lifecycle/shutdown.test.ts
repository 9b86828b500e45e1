// Graceful shutdown against a real child process (the built dist; `npm test` builds first).
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startServedProcess, type ServedProcess } from '../../../../test-support/served-process.js';

const FIXTURE = fileURLToPath(new URL('./test-support/slow-server.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/lifecycle/shutdown.js', import.meta.url));

interface Fixture extends ServedProcess {
  readonly port: number;
}

/** The fixture server, ready once it prints {"port": N}. */
async function startFixture(timeoutMs: number): Promise<Fixture> {
  if (!existsSync(BUILT)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
  const served = await startServedProcess({ args: [FIXTURE], env: { SHUTDOWN_TIMEOUT_MS: String(timeoutMs) }, ready: /\{"port":(\d+)\}/, startTimeoutMs: 30_000 });
  return { ...served, port: Number(served.readyMatch?.[1]) };
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
    const fixture = await startFixture(10_000);
    const inFlight = slow(fixture.port, 1_500);
    await sleep(300);
    fixture.child.kill('SIGTERM');
    await sleep(200);
    await expect(slow(fixture.port, 0)).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket hang up/);
    expect(await inFlight).toEqual({ status: 200, body: '{"done":1500}' });
    expect(await fixture.exited).toBe(0);
    expect(fixture.output()).toContain('store closed');
  });

  it('cuts requests still running at the deadline and exits 1, stores still closed', async () => {
    const fixture = await startFixture(300);
    const stuck = slow(fixture.port, 20_000);
    stuck.catch(() => undefined);
    await sleep(300);
    const signalled = Date.now();
    fixture.child.kill('SIGTERM');
    expect(await fixture.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    await expect(stuck).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(fixture.output()).toContain('store closed');
  });

  it('a second signal does not kill the process before the stores are closed', async () => {
    const fixture = await startFixture(10_000);
    const inFlight = slow(fixture.port, 20_000);
    inFlight.catch(() => undefined);
    await sleep(300);
    fixture.child.kill('SIGTERM');
    await sleep(200);
    fixture.child.kill('SIGINT');
    expect(await fixture.exited).toBe(0);
    expect(fixture.output()).toContain('second signal');
    expect(fixture.output()).toContain('store closed');
  });
});
