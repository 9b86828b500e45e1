// `rampart audit` / `rampart-audit`: parse, load config, run, render, exit code.
// main() never throws and never calls process.exit: it returns the exit code (bin/ sets it).
import { readFile, writeFile } from 'node:fs/promises';
import { helpText } from './args/help.js';
import { parseArgs } from './args/parse.js';
import type { AuditCliOptions } from './args/options.js';
import { allChecks } from './checks/index.js';
import { ConfigError, loadConfig } from './config/load.js';
import type { CheckOverride } from './config/overrides.js';
import { renderCheckList } from './reporters/check-list.js';
import { reporters } from './reporters/index.js';
import { TOOL_NAME, TOOL_VERSION } from './reporters/version.js';
import { TargetUnreachableError } from './runner/errors.js';
import { ExitCode, exitCodeFor } from './runner/exit-code.js';
import type { AuditProgress } from './runner/run.js';
import { runAudit } from './runner/run.js';
import { apiOptionsFrom } from './operations/cli-options.js';
import { operationChecks } from './operations/index.js';
import { planText } from './operations/plan.js';
import type { ApiOptions } from './operations/surface.js';
import { defaultMaxRequests, resolveSurface, selectChecks } from './runner/run.js';
import type { CliIO as CliKitIO, CliStream } from '@rampart/cli-kit';

export type { CliStream };

export interface CliIO extends CliKitIO {
  /** The command as the user typed it, for help and messages: `rampart-audit` (this package's
   * bin, the default) or `rampart audit` (the platform CLI). */
  readonly commandName?: string;
}

export const STANDALONE_COMMAND = 'rampart-audit';

const processIO: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env };

export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const name = io.commandName ?? STANDALONE_COMMAND;
  const parsed = parseArgs(argv, name);
  if (parsed.kind === 'help') {
    io.stdout.write(helpText(name));
    return ExitCode.Clean;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(`${TOOL_NAME} ${TOOL_VERSION}\n`);
    return ExitCode.Clean;
  }
  if (parsed.kind === 'list-checks') {
    io.stdout.write(renderCheckList(allChecks));
    return ExitCode.Clean;
  }
  if (parsed.kind === 'usage-error') {
    io.stderr.write(`${name}: ${parsed.message}\nRun \`${name} --help\` for usage.\n`);
    return ExitCode.Usage;
  }
  const { options } = parsed;
  let overrides: Readonly<Record<string, CheckOverride>> = {};
  let ca: string | undefined;
  let api: ApiOptions | undefined;
  try {
    if (options.config !== undefined) overrides = (await loadConfig(options.config, [...allChecks, ...operationChecks].map((c) => c.id))).checks;
    if (options.ca !== undefined) ca = await readCa(options.ca);
    api = await apiOptionsFrom(options, { timeoutMs: options.timeout, ...(ca === undefined ? {} : { ca }) });
  } catch (error) {
    // ConfigError, SpecError, PathListError, IdentityError: each message names the option and the problem.
    io.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Usage;
  }
  if (options.dryRun) return dryRun(options, overrides, ca, api, io, name);
  return audit(options, overrides, ca, api, io, name);
}

/** --dry-run: the plan of a spec-driven audit. Only the document discovery GETs are sent. */
async function dryRun(options: AuditCliOptions, overrides: Readonly<Record<string, CheckOverride>>, ca: string | undefined, api: ApiOptions | undefined, io: CliIO, name: string): Promise<number> {
  if (api === undefined) {
    io.stderr.write(`${name}: --dry-run plans a spec-driven audit: give --openapi, --path, --paths-file or --auth\n`);
    return ExitCode.Usage;
  }
  const { surface } = await resolveSurface({ target: options.target, timeoutMs: options.timeout, concurrency: options.concurrency, ...(ca === undefined ? {} : { ca }), api });
  if (surface === undefined || surface.operations.length === 0) {
    io.stderr.write(`${name}: no operations: the target exposes no OpenAPI document at the well-known paths; give --openapi or --path\n`);
    return ExitCode.Usage;
  }
  const checks = selectChecks({ overrides }, surface, options.login).filter((check) => operationChecks.includes(check));
  io.stdout.write(planText(surface, checks, options.maxRequests ?? defaultMaxRequests(surface)));
  return ExitCode.Clean;
}

async function audit(
  options: AuditCliOptions,
  overrides: Readonly<Record<string, CheckOverride>>,
  ca: string | undefined,
  api: ApiOptions | undefined,
  io: CliIO,
  name: string,
): Promise<number> {
  const progress = io.stderr.isTTY === true && !options.quiet ? progressLine(io.stderr) : undefined;
  let report;
  try {
    report = await runAudit({
      target: options.target,
      env: options.env,
      ...(options.login === undefined ? {} : { loginPath: options.login }),
      headers: options.headers,
      timeoutMs: options.timeout,
      concurrency: options.concurrency,
      ...(ca === undefined ? {} : { ca }),
      overrides,
      ...(api === undefined ? {} : { api }),
      ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
      ...(progress === undefined ? {} : { onProgress: progress.update }),
    });
  } catch (error) {
    progress?.clear();
    if (error instanceof TargetUnreachableError) {
      const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
      io.stderr.write(`${name}: ${error.message}${cause}\n`);
      return ExitCode.Unreachable;
    }
    io.stderr.write(`${name}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Usage;
  }
  progress?.clear();
  const color = options.format === 'text' && options.output === undefined && io.stdout.isTTY === true && !io.env.NO_COLOR;
  const rendered = reporters[options.format](report, { color, quiet: options.quiet });
  if (options.output === undefined) io.stdout.write(rendered);
  else {
    try {
      await writeFile(options.output, rendered, { mode: 0o644 });
    } catch (error) {
      io.stderr.write(`${name}: cannot write ${options.output} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return ExitCode.Usage;
    }
    io.stderr.write(`${name}: report written to ${options.output} (score ${report.score}/100)\n`);
  }
  return exitCodeFor(report, options.failOn);
}

async function readCa(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`--ca ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`--ca ${path}: not a PEM certificate file`);
  return text;
}

/** One self-overwriting status line on a terminal's stderr. */
function progressLine(stream: CliStream) {
  const clearLine = '\r\u001b[2K';
  return {
    update: (progress: AuditProgress) => {
      stream.write(`${clearLine}probing: ${progress.checksDone}/${progress.checksTotal} checks done, ${progress.requestsSent} requests sent`);
    },
    clear: () => stream.write(clearLine),
  };
}
