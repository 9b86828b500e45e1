// The platform's test database: an in-memory PGlite with every migration applied, private to the
// caller. A fresh PGlite costs seconds (initdb); one loaded from a migrated snapshot
// costs a fraction of that. The snapshot is built once per set of migration files and cached
// in the OS temp directory (keyed by the files' checksums), so every test file of a run and
// every later run reuse it. Always `await handle.close()` or the worker never exits.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate, readMigrations } from '../packages/platform/src/db/migrate.js';
import { pgliteMigrationTarget } from '../packages/platform/src/db/migration-targets.js';
import { pgliteHandle } from '../packages/platform/src/db/index.js';
import type { DatabaseHandle } from '../packages/platform/src/db/index.js';

/** The installed PGlite's version (its package.json is not exported: found from its entry). */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (let depth = 0; depth < 5; depth += 1, dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
  }
  throw new Error('cannot find the installed @electric-sql/pglite version');
}

function snapshotPath(): string {
  const key = createHash('sha256');
  // A dump is only loadable by the PGlite that made it.
  key.update(`pglite ${pgliteVersion()}\n`);
  for (const file of readMigrations()) key.update(`${file.name}:${file.checksum}\n`);
  return join(tmpdir(), `rampart-pglite-snapshot-${key.digest('hex').slice(0, 16)}.tar.gz`);
}

let cached: Promise<Blob> | undefined;

/** A migrated, empty database as a PGlite data-dir tarball (`dumpDataDir`). */
export function migratedSnapshot(): Promise<Blob> {
  cached ??= (async () => {
    const path = snapshotPath();
    if (existsSync(path)) return new Blob([readFileSync(path)]);
    const pglite = await PGlite.create();
    try {
      await migrate(pgliteMigrationTarget(pglite));
      const dump = await pglite.dumpDataDir('gzip');
      const bytes = Buffer.from(await dump.arrayBuffer());
      // Write then rename: parallel workers never read a half-written snapshot.
      const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, bytes);
      renameSync(partial, path);
      return new Blob([bytes]);
    } finally {
      await pglite.close();
    }
  })();
  return cached;
}

/** An in-memory PGlite with every migration applied, private to the caller. */
export async function freshDatabase(): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({ loadDataDir: await migratedSnapshot() });
  return pgliteHandle(pglite);
}
