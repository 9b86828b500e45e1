// `rampart events` as an operator runs it: against a running `rampart serve` on the embedded
// database (through its control socket: the database belongs to that process), then with the
// server stopped (on the database directly). The events were caused over HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRampart, startServe, type RampartServe } from '../../../../../test-support/rampart-cli.js';

const PASSWORD = 'events process passphrase';
const EMAIL = 'events-proc@example.com';
let dataDir: string;
let env: Record<string, string>;
let server: RampartServe | undefined;

const rampart = (args: string[], stdin = '') => runRampart(args, env, 120_000, stdin);

interface Listed {
  readonly event: string;
  readonly email: string | null;
  readonly detail: Record<string, unknown>;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rmp-events-'));
  env = { RAMPART_DATA_DIR: dataDir, RAMPART_ENV: 'development', RATE_LIMIT_LOGIN: '1000/hour' };
  server = await startServe(env);
  expect((await rampart(['users', 'add', '--email', EMAIL, '--role', 'free-user'], `${PASSWORD}\n`)).code).toBe(0);
  expect((await server.call('POST', '/auth/login', { body: { email: EMAIL, password: 'not the passphrase at all' } })).status).toBe(401);
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('rampart events', () => {
  it('lists through the running server: json, filtered by type and user', async () => {
    const listed = await rampart(['events', '--type', 'authn_login_fail', '--user', EMAIL, '--format', 'json']);
    expect(listed.code).toBe(0);
    const events = JSON.parse(listed.output) as Listed[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'authn_login_fail', email: EMAIL, detail: { reason: 'wrong_password', client: '127.0.0.1' } });
    expect(listed.output).not.toContain('not the passphrase');
    // The running server answered it on its control socket.
    expect(server?.lines().some((line) => line.includes('"op":"events.list"') && line.includes('"ok":true'))).toBe(true);
  }, 120_000);

  it('prints text lines, newest first, with user_created from `rampart users add`', async () => {
    const listed = await rampart(['events', '--since', '15m', '--user', EMAIL]);
    expect(listed.code).toBe(0);
    const lines = listed.output.trim().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z {2}authn_login_fail +events-proc@example\.com {2}.*reason=wrong_password/);
    expect(lines.at(-1)).toMatch(/ user_created +events-proc@example\.com {2}role=free-user/);
  }, 120_000);

  it('refuses bad flags with exit 2 and names the problem', async () => {
    const typo = await rampart(['events', '--type', 'authn_login_fial']);
    expect(typo.code).toBe(2);
    expect(typo.output).toContain('did you mean authn_login_fail?');
    const since = await rampart(['events', '--since', '1 hour']);
    expect(since.code).toBe(2);
    expect(since.output).toContain('give an age like 30s, 15m, 1h or 7d');
    const format = await rampart(['events', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.output).toContain('--format must be text or json');
  }, 120_000);

  it('reads the database itself once the server is stopped', async () => {
    await server?.stop();
    server = undefined;
    const listed = await rampart(['events', '--since', '1h', '--type', 'authn_login_fail', '--format', 'json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.output) as Listed[]).map((e) => e.email)).toEqual([EMAIL]);
  }, 120_000);
});
