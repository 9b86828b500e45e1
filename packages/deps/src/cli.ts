// `rampart deps` / `rampart-deps`: parse, run, render, exit code.
// main() never throws and never calls process.exit: it returns the exit code (bin/ sets it).
import { writeFile } from 'node:fs/promises';
import { dbHelpText, helpText } from './args/help.js';
import { DEFAULT_OSV_URL, DEFAULT_REGISTRY, type DepsCliOptions } from './args/options.js';
import { parseArgs } from './args/parse.js';
import type { CliIO } from './cli-io.js';
import { runDbCommand } from './commands/db.js';
import { reporters } from './reporters/index.js';
import { TOOL_NAME, TOOL_VERSION } from './reporters/version.js';
import type { DepsEngine } from './runner/engine.js';
import { INPUT_ERROR_NAMES, NoDatabaseError } from './runner/errors.js';
import { ExitCode, exitCodeFor } from './runner/exit-code.js';
import { runDeps } from './runner/run.js';

export type { CliIO, CliStream } from './cli-io.js';

const processIO: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };

/** @param engine the modules behind the runner; tests may pass their own. */
export async function main(argv: readonly string[], io: CliIO = processIO, engine?: DepsEngine): Promise<number> {
  try {
    return await dispatch(argv, io, engine);
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(argv: readonly string[], io: CliIO, given: DepsEngine | undefined): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(parsed.topic === 'db' ? dbHelpText() : helpText());
    return ExitCode.Clean;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(`${TOOL_NAME} ${TOOL_VERSION}\n`);
    return ExitCode.Clean;
  }
  if (parsed.kind === 'usage-error') {
    io.stderr.write(`rampart deps: ${parsed.message}\nRun \`rampart deps --help\` for usage.\n`);
    return ExitCode.Usage;
  }
  // Loaded here so that --help and usage errors never pay for the parsers and the database code.
  const engine = given ?? (await import('./runner/default-engine.js')).defaultEngine;
  if (parsed.kind === 'db') return runDbCommand(parsed.command, io, engine);
  return audit(parsed.options, io, engine);
}

async function audit(options: DepsCliOptions, io: CliIO, engine: DepsEngine): Promise<number> {
  const report = await runDeps(
    {
      cwd: io.cwd,
      dir: options.dir,
      ...(options.lockfile === undefined ? {} : { lockfile: options.lockfile }),
      omit: options.omit,
      db: options.db,
      shippedDb: options.shippedDb,
      cache: options.cache,
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      maxDbAge: options.maxDbAge,
      online: options.online,
      osvUrl: options.osvUrl ?? DEFAULT_OSV_URL,
      registry: options.registry ?? DEFAULT_REGISTRY,
      fixAdvice: options.fixAdvice,
      timeoutMs: options.timeout,
      concurrency: options.concurrency,
      ...(options.nodeCheck ? { node: options.node ?? process.versions.node } : {}),
      policy: options.policy,
      failOn: options.failOn,
      ...(options.config === undefined ? {} : { config: options.config }),
      env: io.env,
    },
    engine,
  );
  const color = options.format === 'text' && options.output === undefined && io.stdout.isTTY === true && (io.env.NO_COLOR ?? '') === '';
  const rendered = reporters[options.format](report, { color });
  if (options.output === undefined) io.stdout.write(rendered);
  else {
    try {
      await writeFile(options.output, rendered, { mode: 0o644 });
    } catch (error) {
      io.stderr.write(`rampart deps: cannot write ${options.output} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return ExitCode.Usage;
    }
    const { summary } = report;
    io.stderr.write(`rampart deps: report written to ${options.output} (${summary.total} findings, ${summary.atOrAboveFailOn} at or above ${report.failOn}, ${summary.ignored} ignored)\n`);
  }
  return exitCodeFor(report);
}

function reportError(error: unknown, io: CliIO): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof NoDatabaseError) {
    io.stderr.write(`rampart deps: ${message}\n`);
    return ExitCode.NoDatabase;
  }
  if (error instanceof Error && INPUT_ERROR_NAMES.has(error.name)) {
    io.stderr.write(`rampart deps: ${message}\n`);
    return ExitCode.Usage;
  }
  // A bug, not the user's input: still exit 2 (never 0 or 1), and say so.
  io.stderr.write(`rampart deps: internal error: ${message}\n`);
  return ExitCode.Usage;
}
