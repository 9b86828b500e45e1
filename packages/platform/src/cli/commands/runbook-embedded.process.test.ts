// The runbook commands on the embedded database (PGlite), where the database belongs to the
// `rampart serve` process: with the server running, `rampart sessions revoke` goes through its
// control socket and the caller's token is refused at once; with the server stopped,
// `rampart secrets rotate` and `rampart sessions revoke --all` open the data directory
// themselves; the server started again works with what they wrote.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rampartBuilt, runRampart, startServe, type RampartServe } from '../../../../../test-support/rampart-cli.js';

if (!rampartBuilt()) console.warn('skipping the embedded runbook process test: the CLI is not built (npm run build)');

describe.runIf(rampartBuilt())('runbook commands on the embedded database', { timeout: 400_000 }, () => {
  let dataDir: string;
  let server: RampartServe | undefined;
  const user = { email: `emb-${randomBytes(4).toString('hex')}@example.test`, password: `embedded ${randomBytes(12).toString('hex')}` };
  const env = () => ({ RAMPART_ENV: 'development', RAMPART_DATA_DIR: dataDir, REQUIRE_VERIFIED_EMAIL: 'false', RATE_LIMIT_LOGIN: '500/hour' });
  const login = async (running: RampartServe) => {
    const reply = await running.call('POST', '/auth/login', { body: user });
    expect(reply.status).toBe(200);
    return String(reply.body.accessToken);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rmp-runbook-'));
    server = await startServe(env());
    expect((await server.call('POST', '/auth/register', { body: { ...user, displayName: 'Embedded' } })).status).toBe(201);
  }, 400_000);

  afterAll(async () => {
    await server?.stop().catch(() => server?.kill());
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sessions revoke --user through the running server: the token is refused at once', async () => {
    const running = server as RampartServe;
    const token = await login(running);
    expect((await running.call('GET', '/api/me', { token })).status).toBe(200);
    const revoked = await runRampart(['sessions', 'revoke', '--user', user.email], env());
    expect(revoked.code, revoked.output).toBe(0);
    expect((await running.call('GET', '/api/me', { token })).status).toBe(401);
    // A new login works: revoking sessions does not lock the account.
    expect((await running.call('GET', '/api/me', { token: await login(running) })).status).toBe(200);
  });

  it('without a server: secrets rotate and sessions revoke --all open the data directory themselves', async () => {
    const running = server as RampartServe;
    const token = await login(running);
    expect(await running.stop()).toBe(0);
    server = undefined;

    const rotated = await runRampart(['secrets', 'rotate'], env());
    expect(rotated.code, rotated.output).toBe(0);
    expect(rotated.output).toContain('sealed again');
    const all = await runRampart(['sessions', 'revoke', '--all'], env());
    expect(all.code, all.output).toBe(0);
    const events = await runRampart(['events', '--type', 'sys_admin_action', '--format', 'json'], env());
    expect(events.code, events.output).toBe(0);
    const actions = (JSON.parse(events.output) as { detail?: { action?: string } }[]).map((event) => event.detail?.action);
    expect(actions).toEqual(expect.arrayContaining(['secrets_rotate', 'sessions_revoke_all']));

    server = await startServe(env());
    expect((await server.call('GET', '/api/me', { token })).status).toBe(401);
    expect((await server.call('GET', '/api/me', { token: await login(server) })).status).toBe(200);
  });
});
