// Test-only: the shell blocks of a Markdown document, and running them as one bash session the
// way a reader pastes them into a terminal. The text run is the document's, changed only by an
// explicit table of literal replacements (each must occur, so a document edit that drops one
// fails instead of silently running against the real names).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The ```sh blocks between the heading `heading` (any level) and the next heading of the same or
 * a higher level. Throws when the heading or its blocks are missing. */
export function shellBlocks(markdownPath: string, heading: string): string[] {
  const lines = readFileSync(markdownPath, 'utf8').split('\n');
  const start = lines.findIndex((line) => /^#+ /.test(line) && line.replace(/^#+ /, '').trim() === heading);
  if (start < 0) throw new Error(`${markdownPath} has no heading "${heading}"`);
  const level = (lines[start] as string).indexOf(' ');
  const blocks: string[] = [];
  let current: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    if (current === undefined) {
      const headingMatch = /^(#+) /.exec(line);
      if (headingMatch && (headingMatch[1] as string).length <= level) break;
      if (line.trim() === '```sh') current = [];
    } else if (line.trim() === '```') {
      blocks.push(current.join('\n'));
      current = undefined;
    } else {
      current.push(line);
    }
  }
  if (blocks.length === 0) throw new Error(`the section "${heading}" of ${markdownPath} has no sh block`);
  return blocks;
}

/** Replaces every literal `from` by `to`; throws naming the entries the text lacks. */
export function fillPlaceholders(text: string, table: ReadonlyArray<readonly [from: string, to: string]>): string {
  const missing = table.filter(([from]) => !text.includes(from)).map(([from]) => from);
  if (missing.length > 0) throw new Error(`the documented commands no longer contain ${missing.map((m) => JSON.stringify(m)).join(', ')}: update the test's table`);
  return table.reduce((filled, [from, to]) => filled.split(from).join(to), text);
}

export interface ShellSession {
  /** Exit code of the script (its background jobs may still run). */
  readonly code: number | null;
  /** stdout + stderr of the script and of its background jobs so far. */
  output(): string;
  /** SIGTERM to the whole process group (the jobs the script left running), then waits for it to be gone. */
  stop(): Promise<void>;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `script` with `bash -e -o pipefail` in a process group of its own, in `cwd`, with only
 * `env` (plus PATH and HOME): background `&` jobs keep running after it exits, and `stop` ends them. */
export async function runShell(script: string, options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<ShellSession> {
  const child: ChildProcess = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pgid = child.pid as number;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (!groupAlive(pgid)) return;
    process.kill(-pgid, 'SIGTERM');
    for (let waited = 0; groupAlive(pgid) && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  };
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      output += `\n[the script did not finish in ${options.timeoutMs} ms]`;
      void stop();
    }, options.timeoutMs);
    // 'exit', not 'close': the background jobs hold the pipes open after bash is done.
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, output: () => output, stop };
}
