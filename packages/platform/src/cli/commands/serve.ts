// `rampart serve`: configuration -> the assembled platform (database, migrations, Redis, identity,
// guard, routes) -> listen; then wait for SIGTERM/SIGINT and shut down gracefully.
import { assemblePlatform } from '../../assembly/assemble-platform.js';
import type { Platform } from '../../assembly/assemble-platform.js';
import { chooseLogFormat } from '../../assembly/log-format.js';
import { loadConfig, readEnvironment } from '../../config/index.js';
import { EarlySignals, waitForShutdown } from '../../lifecycle/shutdown.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

export async function run(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('takes no arguments (configuration comes from the environment)');
  const env = readEnvironment(io.env, io.cwd);
  const config = loadConfig(env, io.cwd);
  // From here on a SIGTERM must not kill the process half-way through opening the database.
  const early = new EarlySignals();
  let platform: Platform;
  try {
    platform = await assemblePlatform(config, {
      logLevel: config.logLevel,
      // The log goes to this process's standard output.
      logFormat: chooseLogFormat({ mode: config.mode, isTTY: process.stdout.isTTY === true }),
      identity: { env },
      seedDevelopmentCourses: true,
    });
  } catch (error) {
    early.release();
    throw error;
  }
  const { ctx } = platform;
  try {
    const address = early.received ? undefined : await platform.listen();
    if (address) ctx.logger.info({ address, mode: config.mode, storage: platform.storage }, 'rampart listening');
  } catch (error) {
    // Listening failed (the port is taken): nothing else will close what was opened.
    early.release();
    await platform.close().catch(() => undefined);
    throw error;
  }
  const signalled = early.release();
  // waitForShutdown stops the server (bounded by the timeout), then closes the rest of the
  // platform; the platform's close() closing the server again is a no-op.
  return waitForShutdown(platform.app, [{ name: 'platform', close: platform.close }], {
    timeoutMs: config.shutdownTimeoutMs,
    logger: ctx.logger,
    ...(signalled ? { signalled } : {}),
  });
}
