// The platform's built CLI (`packages/platform/bin/rampart.js` -> dist) as a real process,
// configured only through its environment, as an operator runs it: `rampart serve` until it logs
// that it listens, or any other command run to completion. The child's environment is PATH plus
// what the test passes (nothing of the caller's shell leaks in).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonCall, type JsonAnswer, type JsonCallOptions } from './json-call.js';
import { runProcess, startServedProcess, type ServedProcess } from './served-process.js';

export const RAMPART_BIN = fileURLToPath(new URL('../packages/platform/bin/rampart.js', import.meta.url));
const BUILT_ENTRY = fileURLToPath(new URL('../packages/platform/dist/cli/main.js', import.meta.url));

/** True once `npm run build` has produced the CLI. */
export const rampartBuilt = (): boolean => existsSync(BUILT_ENTRY);

export function assertBuilt(): void {
  if (!rampartBuilt()) throw new Error('dist is missing: run `npm run build` first (npm test does)');
}

/** Runs `rampart <args>` to completion; `output` is stdout and stderr interleaved. */
export async function runRampart(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
  stdin = '',
): Promise<{ code: number | null; output: string }> {
  assertBuilt();
  const { code, output } = await runProcess({ args: [RAMPART_BIN, ...args], env, stdin, timeoutMs });
  return { code, output };
}

export interface RampartServe extends ServedProcess {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** One JSON request over HTTP (json-call.ts). */
  call(method: string, path: string, options?: JsonCallOptions): Promise<JsonAnswer>;
}

const LISTENING = /"address":"http:\/\/[^"]*:(\d+)".*"msg":"rampart listening"/;

/** Starts `rampart serve` (HOST=127.0.0.1 and PORT=0 unless `env` sets them) and resolves once
 * it logs "rampart listening", with the port from that line. */
export async function startServe(env: Record<string, string>, startTimeoutMs = 180_000): Promise<RampartServe> {
  assertBuilt();
  const served = await startServedProcess({
    args: [RAMPART_BIN, 'serve'],
    env: { HOST: '127.0.0.1', PORT: '0', ...env },
    ready: LISTENING,
    startTimeoutMs,
    name: 'rampart serve',
  });
  const port = Number(served.readyMatch?.[1]);
  const baseUrl = `http://127.0.0.1:${port}`;
  return { ...served, port, baseUrl, call: (method, path, options) => jsonCall(baseUrl, method, path, options) };
}
