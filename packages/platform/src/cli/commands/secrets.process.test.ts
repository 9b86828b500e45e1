// `rampart secrets rotate` against a real `rampart serve` (PostgreSQL): a TOTP secret enrolled and
// a reset token queued before the rotation are sealed again under the new keys, open to the same
// values, and the running server uses them at once (activating MFA with the re-sealed secret), with
// no restart. Each rotation is a sys_admin_action event.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../identity/mfa/secret-box.js';
import { freshPostgresDatabase } from '../../../../../test-support/postgres-database.js';
import { rampartBuilt, runRampart, startServe, type RampartServe } from '../../../../../test-support/rampart-cli.js';
import { postgresAvailable } from '../../../../../test-support/services.js';
import { within } from '../../../../../test-support/within.js';

if (!rampartBuilt()) console.warn('skipping the secrets rotate process test: the CLI is not built (npm run build)');
const available = (await postgresAvailable()) && rampartBuilt();

describe.runIf(available)('rampart secrets rotate under a running server', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let server: RampartServe;
  let dataDir: string;
  const env = () => ({ RAMPART_ENV: 'development', RAMPART_DATA_DIR: dataDir, DATABASE_URL: database.url, REQUIRE_VERIFIED_EMAIL: 'false', RATE_LIMIT_LOGIN: '500/hour' });
  const boxes = async () => ({
    totp: await SecretBox.open(join(dataDir, 'keys', 'totp-secrets.key')),
    outbox: await SecretBox.open(join(dataDir, 'keys', 'outbox.key')),
  });
  const sealed = async (userId: string) => ({
    totp: (await database.db.selectFrom('mfa_totp').select('secret_ciphertext').where('user_id', '=', userId).executeTakeFirstOrThrow()).secret_ciphertext,
    outbox: (await database.db.selectFrom('outbox').select(['id', 'payload']).where('kind', '=', 'password_reset').execute()).map((row) => ({
      id: row.id,
      token: String(row.payload.sealedToken),
    })),
  });

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'rmp-sec-'));
    server = await startServe(env());
  }, 400_000);

  afterAll(async () => {
    await server?.stop().catch(() => server.kill());
    await database?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('seals every TOTP secret and outbox token again; the server uses the new sealing at once', async () => {
    const user = { email: `sec-${randomBytes(4).toString('hex')}@example.test`, password: `secrets ${randomBytes(12).toString('hex')}` };
    const registered = await server.call('POST', '/auth/register', { body: { ...user, displayName: 'Sec' } });
    expect(registered.status).toBe(201);
    const userId = String(registered.body.id);
    const token = String((await server.call('POST', '/auth/login', { body: user })).body.accessToken);
    const enrol = await server.call('POST', '/auth/mfa/enroll', { token, body: { password: user.password } });
    expect(enrol.status).toBe(200);
    const secret = String(enrol.body.secret);
    expect((await server.call('POST', '/auth/password-reset/request', { body: { email: user.email } })).status).toBe(202);

    // The reset request answers 202 at once and queues its mail a moment later (the same time for
    // known and unknown addresses): wait for the row.
    await within(10_000, async () => (await sealed(userId)).outbox.length > 0);
    const before = await sealed(userId);
    expect(before.outbox.length).toBeGreaterThan(0);
    const old = await boxes();
    expect(old.totp.open(before.totp, userId)).toBe(secret);
    const resetTokens = before.outbox.map((row) => old.outbox.open(row.token, `outbox:${row.id}`));

    const rotated = await runRampart(['secrets', 'rotate'], env());
    expect(rotated.code, rotated.output).toBe(0);
    expect(rotated.output).toContain(`sealed again: 1 TOTP secret(s), ${before.outbox.length} outbox token(s)`);

    const after = await sealed(userId);
    expect(after.totp).toMatch(/^k1\./);
    const fresh = await boxes();
    expect(fresh.totp.open(after.totp, userId)).toBe(secret);
    expect(after.outbox.map((row) => fresh.outbox.open(row.token, `outbox:${row.id}`))).toEqual(resetTokens);
    expect(after.outbox.every((row) => row.token.startsWith('k1.'))).toBe(true);

    // The running server opens the re-sealed secret: MFA activates with a code of the same secret.
    const activated = await server.call('POST', '/auth/mfa/activate', { token, body: { password: user.password, totp: await generate({ secret }) } });
    expect(activated.status).toBe(200);

    const events = await database.db.selectFrom('security_events').select('detail').where('kind', '=', 'sys_admin_action').execute();
    expect(events.map((row) => row.detail)).toEqual([{ action: 'secrets_rotate', mfaKey: 1, outboxKey: 1, mfaResealed: 1, outboxResealed: resetTokens.length }]);
  });

  it('refuses arguments with exit 2', async () => {
    const bad = await runRampart(['secrets', 'rotate', '--now'], env());
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('takes no arguments');
  });
});
