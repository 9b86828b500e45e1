// A child process for tests, as an operator would run it: a server that is ready once it prints
// a line (or answers GET /health, or accepts TCP connections), or a command run to completion. Its stdout and stderr are
// captured; stop() sends SIGTERM and waits, and SIGKILLs when the process outlives the timeout.
// Every child still running when the test worker exits is killed, so a failing test never
// leaves a server behind.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

const liveChildren = new Set<ChildProcess>();
let cleanupRegistered = false;

function track(child: ChildProcess): void {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', () => {
      for (const leftover of liveChildren) leftover.kill('SIGKILL');
    });
  }
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

export interface ProcessOptions {
  /** Default: this Node.js binary (`args` then start with the script). */
  readonly command?: string;
  readonly args: readonly string[];
  /** The child's whole environment is PATH plus these (the caller's own settings do not leak in). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

export interface ServeOptions extends ProcessOptions {
  /** Ready when the output matches (the match is kept), when GET `health` answers at all, or
   * when 127.0.0.1:`port` accepts a connection. */
  readonly ready: RegExp | { readonly health: string } | { readonly port: number };
  /** Default 180 s: a first start on a loaded 2-core machine migrates a fresh database. */
  readonly startTimeoutMs?: number;
  /** Names the process in error messages. */
  readonly name?: string;
}

export interface ServedProcess {
  readonly child: ChildProcess;
  /** The readiness line's match (for a line-ready process), e.g. the port it printed. */
  readonly readyMatch: RegExpExecArray | undefined;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** The complete lines written so far. */
  lines(): string[];
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Sends `signal` and resolves with the exit code; SIGKILLs and rejects after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** SIGKILL, no waiting (cleanup of a process the test already gave up on). */
  kill(): void;
}

function spawnCaptured(options: ProcessOptions, stdin: 'ignore' | 'pipe') {
  const child = spawn(options.command ?? process.execPath, options.args, {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdio: [stdin, 'pipe', 'pipe'],
  });
  track(child);
  const captured = { all: '', stdout: '', stderr: '' };
  let wake: (() => void) | undefined;
  let spawnFailed = false;
  /** Resolves at the next output (or exit), or after `ms`. */
  const nextOutput = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const received = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    captured.all += chunk.toString('utf8');
    captured[stream] += chunk.toString('utf8');
    wake?.();
  };
  child.stdout?.on('data', received('stdout'));
  child.stderr?.on('data', received('stderr'));
  child.once('exit', () => wake?.());
  const exited = new Promise<number | null>((resolve) => {
    // 'close', not 'exit': by then every byte the process wrote has been captured.
    child.once('close', (code) => resolve(code));
    // A command that cannot be spawned at all (ENOENT) never emits 'exit'.
    child.once('error', (error) => {
      captured.all += `${error.message}\n`;
      spawnFailed = true;
      wake?.();
      resolve(null);
    });
  });
  const running = () => !spawnFailed && child.exitCode === null && child.signalCode === null;
  return { child, captured, exited, nextOutput, running };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/** Starts a server process and resolves once it is ready; a failed start kills it and rejects
 * with the output it wrote. */
export async function startServedProcess(options: ServeOptions): Promise<ServedProcess> {
  const { child, captured, exited, nextOutput, running } = spawnCaptured(options, 'ignore');
  const name = options.name ?? options.args.join(' ');
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  const deadline = Date.now() + timeoutMs;
  let readyMatch: RegExpExecArray | undefined;
  for (;;) {
    if (options.ready instanceof RegExp) {
      readyMatch = options.ready.exec(captured.all) ?? undefined;
      if (readyMatch) break;
    } else if ('health' in options.ready ? await answers(options.ready.health) : await accepts(options.ready.port)) break;
    if (!running()) throw new Error(`${name} exited with ${String(child.exitCode ?? child.signalCode)} before it was ready:\n${captured.all.slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${captured.all.slice(-4000)}`);
    }
    // A readiness line is seen as soon as it is written (a test may act on that very moment).
    await (options.ready instanceof RegExp ? nextOutput(1_000) : new Promise((resolve) => setTimeout(resolve, 100)));
  }
  return {
    child,
    readyMatch,
    output: () => captured.all,
    lines: () => captured.all.split('\n').slice(0, -1),
    exited,
    async stop(signal = 'SIGTERM', stopTimeoutMs = 60_000) {
      if (running()) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${name} did not exit within ${stopTimeoutMs} ms of ${signal}:\n${captured.all.slice(-4000)}`));
        }, stopTimeoutMs);
      });
      try {
        return await Promise.race([exited, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    kill() {
      if (running()) child.kill('SIGKILL');
    },
  };
}

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved. */
  readonly output: string;
}

/** Runs a command to completion (writing `stdin` to it); SIGKILLs it and rejects after `timeoutMs`. */
export async function runProcess(options: ProcessOptions & { readonly stdin?: string; readonly timeoutMs?: number }): Promise<Finished> {
  const { child, captured, exited } = spawnCaptured(options, 'pipe');
  child.stdin?.on('error', () => undefined); // a command that exits without reading its input
  child.stdin?.end(options.stdin ?? '');
  const timeoutMs = options.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.args.join(' ')} did not finish within ${timeoutMs} ms:\n${captured.all.slice(-4000)}`));
    }, timeoutMs);
  });
  try {
    const code = await Promise.race([exited, late]);
    return { code, stdout: captured.stdout, stderr: captured.stderr, output: captured.all };
  } finally {
    clearTimeout(timer);
  }
}
