// `rampart scan` / `rampart-scan`: parse, load config, scan, render, exit code.
// main() never throws and never calls process.exit: it returns the exit code (bin/ sets it).
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { helpText } from './args/help.js';
import type { ScanCliOptions } from './args/options.js';
import { parseArgs } from './args/parse.js';
import { closest } from '@rampart/cli-kit';
import { readBaseline, writeBaseline } from './baseline/baseline.js';
import { ConfigError, loadConfig } from './config/load.js';
import { reporters } from './reporters/index.js';
import { TOOL_NAME, TOOL_VERSION } from './reporters/version.js';
import { allRules } from './rules/index.js';
import type { ScanRule, ScanRuleMeta } from './rules/types.js';
import { runnerChecks } from './runner/catalogue.js';
import { ExitCode, exitCodeFor } from './runner/exit-code.js';
import { runScan } from './runner/run.js';
import type { CliIO as CliKitIO, CliStream } from '@rampart/cli-kit';

export type { CliStream };

export interface CliIO extends CliKitIO {
  readonly cwd: string;
}

const processIO: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };

/** `rules` is for tests (a fixed rule set); the commands always run every rule of the package. */
export async function main(argv: readonly string[], io: CliIO = processIO, rules: readonly ScanRule[] = allRules): Promise<number> {
  try {
    return await run(argv, io, rules);
  } catch (error) {
    io.stderr.write(`rampart scan: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Usage;
  }
}

async function run(argv: readonly string[], io: CliIO, rules: readonly ScanRule[]): Promise<number> {
  const catalogue: readonly ScanRuleMeta[] = [...rules.map((rule) => rule.meta), ...runnerChecks];
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout.write(helpText());
      return ExitCode.Clean;
    case 'version':
      io.stdout.write(`${TOOL_NAME} ${TOOL_VERSION}\n`);
      return ExitCode.Clean;
    case 'list-rules':
      io.stdout.write(listRules(catalogue));
      return ExitCode.Clean;
    case 'usage-error':
      return usage(io, parsed.message);
    case 'run':
      break;
  }
  const { options } = parsed;
  const knownIds = new Set(catalogue.map((meta) => meta.id));
  for (const [flag, ids] of [['--skip', options.skip], ['--only', options.only ?? []]] as const) {
    const unknown = ids.filter((id) => !knownIds.has(id));
    if (unknown.length > 0) return usage(io, `${flag}: unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => hint(id, knownIds)).join(', ')} (see --list-rules)`);
  }
  const missing = options.paths.filter((path) => !existsSync(resolve(io.cwd, path)));
  if (missing.length > 0) return usage(io, `no such file or directory: ${missing.join(', ')}`);
  let config;
  let baseline: Set<string> | undefined;
  try {
    config = loadConfig(io.cwd, options.config, knownIds);
    if (options.baseline !== undefined) baseline = readBaseline(resolve(io.cwd, options.baseline), options.baseline);
  } catch (error) {
    if (error instanceof ConfigError) return usage(io, error.message, false);
    throw error;
  }
  const skip = new Set([...config.skip, ...options.skip]);
  const ruleIds = new Set(options.only ?? [...knownIds].filter((id) => !skip.has(id)));
  const threads = threadsFrom(io.env.RAMPART_SCAN_THREADS);
  if (threads === null) return usage(io, `RAMPART_SCAN_THREADS: expected a whole number from 1 to 16, got "${io.env.RAMPART_SCAN_THREADS ?? ''}"`, false);
  const progress = io.stderr.isTTY === true ? progressLine(io.stderr) : undefined;
  const outcome = await runScan({
    cwd: io.cwd,
    paths: options.paths,
    exclude: [...config.exclude, ...options.exclude],
    includeTests: options.includeTests || config.includeTests,
    ruleIds,
    severityOverrides: config.severity,
    thresholds: { severity: options.severity, confidence: options.confidence },
    // The package's own rules may run in worker threads; a custom set (tests) stays on this thread.
    ...(rules === allRules ? {} : { rules }),
    ...(threads === undefined ? {} : { threads }),
    ...(baseline === undefined ? {} : { baseline }),
    ...(progress === undefined ? {} : { onProgress: progress.update }),
  });
  progress?.clear();
  if (options.writeBaseline !== undefined) return saveBaseline(io, options.writeBaseline, outcome.current, outcome.report.parseErrors.length);
  return render(io, options, outcome.report);
}

function render(io: CliIO, options: ScanCliOptions, report: Parameters<typeof exitCodeFor>[0]): number {
  const color = options.format === 'text' && options.output === undefined && io.stdout.isTTY === true && !io.env.NO_COLOR;
  const rendered = reporters[options.format](report, { color });
  if (options.output === undefined) io.stdout.write(rendered);
  else {
    try {
      writeFileSync(resolve(io.cwd, options.output), rendered, { mode: 0o644 });
    } catch (error) {
      io.stderr.write(`rampart scan: cannot write ${options.output} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return ExitCode.Usage;
    }
    io.stderr.write(`rampart scan: ${report.findings.length} finding(s), report written to ${options.output}\n`);
  }
  const shown = report.parseErrors.slice(0, 20);
  for (const error of shown) io.stderr.write(`rampart scan: ${error.file}:${error.line}:${error.column}: ${error.message} (file not checked)\n`);
  if (report.parseErrors.length > shown.length) io.stderr.write(`rampart scan: ... and ${report.parseErrors.length - shown.length} more files not checked (all are in the report)\n`);
  return exitCodeFor(report);
}

function saveBaseline(io: CliIO, path: string, findings: Parameters<typeof writeBaseline>[1], parseErrors: number): number {
  try {
    writeBaseline(resolve(io.cwd, path), findings);
  } catch (error) {
    io.stderr.write(`rampart scan: cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
    return ExitCode.Usage;
  }
  io.stderr.write(`rampart scan: baseline of ${findings.length} finding(s) written to ${path}; pass it with --baseline to report only new findings\n`);
  if (parseErrors > 0) io.stderr.write(`rampart scan: ${parseErrors} file(s) could not be parsed and are not in the baseline\n`);
  return parseErrors > 0 ? ExitCode.Usage : ExitCode.Clean;
}

/** RAMPART_SCAN_THREADS: undefined when unset (automatic), null when invalid. */
function threadsFrom(raw: string | undefined): number | undefined | null {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 && value <= 16 ? value : null;
}

function usage(io: CliIO, message: string, withHelp = true): number {
  io.stderr.write(`rampart scan: ${message}\n${withHelp ? 'Run `rampart scan --help` for usage.\n' : ''}`);
  return ExitCode.Usage;
}

function hint(id: string, knownIds: ReadonlySet<string>): string {
  const guess = closest(id, [...knownIds]);
  return guess === undefined ? id : `${id} (did you mean ${guess}?)`;
}

function listRules(catalogue: readonly ScanRuleMeta[]): string {
  const rows = [...catalogue]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((meta) => [meta.id, meta.severity, meta.confidence, `CWE-${meta.cwe}`, meta.bandit ?? '-', meta.name]);
  const header = ['ID', 'SEVERITY', 'CONFIDENCE', 'CWE', 'BANDIT', 'NAME'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** One self-overwriting status line on a terminal's stderr, only once a run takes a while. */
function progressLine(stream: CliStream) {
  const clearLine = '\r\u001b[2K';
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    update: (done: number, total: number) => {
      const now = Date.now();
      if (now - started < 500 || now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`${clearLine}scanning: ${done}/${total} files`);
    },
    clear: () => {
      if (shown) stream.write(clearLine);
    },
  };
}
