// Test-only: `rampart serve` as a real process (the built CLI), configured only through its
// environment, like an operator would run it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonCall } from '../../test-support/json-call.js';
import { freePort } from './ports.js';

export const RAMPART_CLI = fileURLToPath(new URL('../../../bin/rampart.js', import.meta.url));
export const CLI_BUILT = existsSync(fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url)));

export interface ServeProcess {
  readonly port: number;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Everything the process wrote (JSON log lines). */
  output(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  call(method: 'GET' | 'POST', path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: Record<string, unknown> }>;
  kill(): void;
}

export function runCli(args: readonly string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [RAMPART_CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

export async function startServe(env: Record<string, string>, startTimeoutMs = 150_000): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [RAMPART_CLI, 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + startTimeoutMs;
  while (!output.includes('rampart listening')) {
    if (child.exitCode !== null) throw new Error(`serve exited during start:\n${output.slice(-2000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    port,
    baseUrl,
    child,
    output: () => output,
    exited,
    async call(method, path, options = {}) {
      const { status, body } = await jsonCall(baseUrl, method, path, options);
      return { status, body };
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
