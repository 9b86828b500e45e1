// `rampart isolate` on the embedded database: one `rampart serve` owns the PGlite data directory,
// so the CLI goes through its control socket and the server applies the mode at once (it does not
// poll the embedded database: no other process can change it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rampartBuilt, runRampart, startServe, type RampartServe } from '../../../../../test-support/rampart-cli.js';

if (!rampartBuilt()) console.warn('skipping the embedded isolate process test: the CLI is not built (npm run build)');

describe.runIf(rampartBuilt())('rampart isolate through the control socket of a serve on the embedded database', () => {
  let dataDir = '';
  let server: RampartServe;
  const env = () => ({ RAMPART_ENV: 'development', RAMPART_DATA_DIR: dataDir, REQUIRE_VERIFIED_EMAIL: 'false' });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rmp-iso-embedded-'));
    server = await startServe(env());
  }, 300_000);

  afterAll(async () => {
    await server?.stop().catch(() => server.kill());
    await rm(dataDir, { recursive: true, force: true });
  });

  const writeStatus = async () => (await server.call('POST', '/auth/login', { body: { email: 'nobody@example.test', password: 'x'.repeat(20) } })).status;

  it('closed takes effect as the command returns, and off restores service', async () => {
    expect(await writeStatus()).toBe(401);
    const closed = await runRampart(['isolate', 'closed'], env());
    expect(closed.code).toBe(0);
    expect(closed.output).toContain('isolation: closed, was off');
    // No waiting: the server that owns the database applied the mode before answering the CLI.
    expect(await writeStatus()).toBe(503);
    expect((await server.call('GET', '/health')).body).toEqual({ status: 'ok', isolation: 'closed' });
    const status = await runRampart(['isolate', 'status'], env());
    expect(status.output).toContain('closed');
    const off = await runRampart(['isolate', 'off'], env());
    expect(off.code).toBe(0);
    expect(await writeStatus()).toBe(401);
    expect((await server.call('GET', '/health')).body).toEqual({ status: 'ok' });
  });
});
