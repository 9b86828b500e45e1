// `rampart deps db import PATH` and `rampart deps db status`: the offline databases without a lockfile.
import { resolve } from 'node:path';
import type { DbCommand } from '../args/parse.js';
import { defaultCacheDir, importDatabase } from '../advisories/cache.js';
import type { CliIO } from '../cli-io.js';
import { daysBetween } from '../config/dates.js';
import type { DepsEngine } from '../runner/engine.js';
import { HOW_TO_GET_A_DATABASE } from '../runner/errors.js';
import { ExitCode } from '../runner/exit-code.js';
import { printable } from '@rampart/cli-kit';

export async function runDbCommand(command: DbCommand, io: CliIO, engine: DepsEngine, now: Date = new Date()): Promise<number> {
  const { options } = command;
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir(io.env) : resolve(io.cwd, options.cacheDir);
  if (command.action === 'import') {
    const source = await importDatabase(resolve(io.cwd, command.path), cacheDir, now);
    const newest = source.newest === '' ? 'no dated records' : `newest record ${source.newest.slice(0, 10)}`;
    io.stdout.write(`imported ${printable(source.name)}: ${source.records.toLocaleString('en-US')} records, ${newest}, into ${printable(cacheDir)}\n`);
    if (source.records === 0) {
      io.stderr.write(`rampart deps: ${printable(command.path)} holds no advisory records; check that it is a folder or .zip of OSV JSON files\n`);
      return ExitCode.Usage;
    }
    return ExitCode.Clean;
  }
  const db = await engine.openDatabase({
    paths: options.db.map((path) => resolve(io.cwd, path)),
    cacheDir,
    useCache: options.cache,
    useShipped: options.shippedDb,
    env: io.env,
  });
  io.stdout.write(`cache: ${printable(cacheDir)}\n`);
  for (const source of db.sources) {
    const time = Date.parse(source.newest);
    const age = Number.isFinite(time) ? daysBetween(new Date(time), now) : undefined;
    const when = age === undefined ? 'age unknown' : `newest record ${new Date(time).toISOString().slice(0, 10)} (${age} days old${age > options.maxDbAge ? `, over --max-db-age ${options.maxDbAge}` : ''})`;
    io.stdout.write(`${printable(source.name)}: ${source.records.toLocaleString('en-US')} records, ${when} [${printable(source.path)}]\n`);
  }
  if (db.size === 0) {
    io.stderr.write(`rampart deps: no advisory database with any records: ${HOW_TO_GET_A_DATABASE}\n`);
    return ExitCode.NoDatabase;
  }
  io.stdout.write(`${db.size.toLocaleString('en-US')} distinct advisories in all\n`);
  return ExitCode.Clean;
}
