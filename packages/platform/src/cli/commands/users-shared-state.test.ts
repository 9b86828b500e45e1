// `rampart users lock` with no server running but REDIS_URL set: the command assembles the
// platform itself, so the lock's revocation mark lands in Redis, where every running instance
// reads it, not only in the database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable } from '../../../../../test-support/services.js';
import { loadConfig } from '../../config/index.js';
import { createContext } from '../../context.js';
import { runCli } from '../main.js';

const available = await redisAvailable();
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

describe.runIf(available)('rampart users without a running server, with REDIS_URL', { timeout: 180_000 }, () => {
  let dataDir: string;
  let admin: Redis;
  let env: Record<string, string>;

  async function cli(args: string[], stdin = ''): Promise<{ code: number; err: string }> {
    let err = '';
    const code = await runCli(args, {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (err += text) },
      stdin: Readable.from([Buffer.from(stdin)]),
      env,
      cwd: dataDir,
    });
    return { code, err };
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rmp-cli-redis-'));
    env = { RAMPART_DATA_DIR: dataDir, REDIS_URL, LOG_LEVEL: 'silent' };
    admin = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await admin.quit();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a lock writes the revocation mark to Redis', async () => {
    expect(await cli(['users', 'add', '--email', 'shared@example.com', '--role', 'free-user'], 'a long operator passphrase\n')).toMatchObject({ code: 0 });
    const opened = await createContext(loadConfig(env, dataDir), { logStream: quiet });
    const row = await opened.ctx.db.selectFrom('users').select('id').where('email', '=', 'shared@example.com').executeTakeFirstOrThrow();
    await opened.close();
    const mark = `rampart:rev:u:${row.id}`;
    expect(await admin.exists(mark)).toBe(0);

    expect(await cli(['users', 'lock', '--email', 'shared@example.com'])).toMatchObject({ code: 0, err: '' });
    expect(await admin.exists(mark)).toBe(1);
    await admin.del(mark);
  });
});
