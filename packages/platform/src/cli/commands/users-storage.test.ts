// `rampart users ...` when the database cannot be reached (a closed port: a real refused
// connection): the operator reads the storage-outage message of errors/cli-messages.ts and exit
// code 1, not a driver error or a misleading "no migration history".
import { mkdtemp, rm } from 'node:fs/promises';
import { closedPort } from '../../../../../test-support/ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../main.js';

let dataDir: string;
let databaseUrl: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rmp-cli-outage-'));
  databaseUrl = `postgres://nobody@127.0.0.1:${await closedPort()}/none`;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function cli(env: Record<string, string>): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runCli(['users', 'lock', '--email', 'someone@example.com'], {
    stdout: { write: () => undefined },
    stderr: { write: (text: string) => (err += text) },
    stdin: Readable.from([]),
    env: { RAMPART_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ...env },
    cwd: dataDir,
  });
  return { code, err };
}

describe('rampart users with the database unreachable', { timeout: 30_000 }, () => {
  it.each([
    ['development (migrates at start)', {}],
    ['production (checks the migration history)', { RAMPART_ENV: 'production', ALLOWED_HOSTS: 'example.com', SECURITY_CONTACT: 'mailto:security@example.com' }],
  ])('%s: says which store to check, exit 1', async (_mode, env) => {
    const { code, err } = await cli(env);
    expect(code).toBe(1);
    expect(err).toMatch(/^rampart users lock: the database cannot be reached; check DATABASE_URL/);
    expect(err).not.toMatch(/migration history/);
  });
});
