// A real identity over a fresh migrated PGlite (or PostgreSQL) and a temp data dir, with an
// injectable clock. Always `await fixture.close()`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../../../../../test-support/pglite-snapshot.js';
import type { DatabaseHandle } from '../../db/index.js';
import type { RequestOrigin } from '../../security-events/index.js';
import { createIdentity, type Identity, type IdentityOptions } from '../index.js';

export interface IdentityFixture {
  readonly identity: Identity;
  readonly database: DatabaseHandle;
  readonly dataDir: string;
  clock: number;
  readonly logs: { msg: string | undefined; obj: object }[];
  close(): Promise<void>;
}

/** The origin tests pass to the Identity operations (a route would pass its request's). */
export const TEST_ORIGIN: RequestOrigin = { requestId: 'test-request', client: '127.0.0.1' };

const silent = () => {};

export async function identityFixture(options: IdentityOptions & { database?: DatabaseHandle } = {}): Promise<IdentityFixture> {
  const database = options.database ?? (await freshDatabase());
  const dataDir = await mkdtemp(join(tmpdir(), 'rmp-id-'));
  const logs: IdentityFixture['logs'] = [];
  const record = (obj: object, msg?: string) => logs.push({ obj, msg });
  const fixture = {
    clock: Date.UTC(2026, 5, 1, 9, 0, 0),
    logs,
  } as IdentityFixture;
  const identity = await createIdentity(
    {
      config: { mode: 'development' },
      db: database.db,
      logger: { info: record, warn: record, error: silent },
      now: () => fixture.clock,
      dataDir,
    },
    { controlSocket: false, env: {}, ...options },
  );
  return Object.assign(fixture, {
    identity,
    database,
    dataDir,
    async close() {
      await identity.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}
