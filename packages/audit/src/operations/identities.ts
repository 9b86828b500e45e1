// The callers a spec-driven audit sends requests as. `--auth NAME='Header: value'` is a fixed
// header; `--auth-cmd NAME='command'` runs a command whose standard output is the credential
// (short-lived tokens), re-run when its value is older than a minute.
//
// Why `sh -c`: the command comes only from the auditor's own command line (never from a config
// file or the target), so it carries exactly the trust of the shell that typed it, and token
// helpers are routinely pipelines (`vault read ... | jq -r .token`). It runs with execFile (no
// extra shell around it), a 10 s deadline, 64 KiB of output at most, and its output is never
// printed: a failure names the identity and the exit code only.
import { execFile } from 'node:child_process';

import type { Identity } from './types.js';

export const AUTH_COMMAND_TIMEOUT_MS = 10_000;
export const AUTH_COMMAND_TTL_MS = 60_000;
const MAX_OUTPUT_BYTES = 64 * 1024;
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export class IdentityError extends Error {
  readonly code = 'AUDIT_IDENTITY_INVALID';
}

/** `Name: value` -> the header, or the reason it is not one. */
export function parseHeaderLine(line: string): { name: string; value: string } | string {
  const colon = line.indexOf(':');
  const name = colon > 0 ? line.slice(0, colon).trim() : '';
  const value = line.slice(colon + 1).trim();
  if (!headerName.test(name) || value === '') return `expected 'Header: value'`;
  if (/[\r\n\0]/.test(value)) return `header ${name} has a line break or NUL in its value`;
  return { name, value };
}

export function staticIdentity(name: string, header: { name: string; value: string }): Identity {
  const headers = Object.freeze({ [header.name]: header.value });
  return { name, headers: () => Promise.resolve(headers) };
}

/** A command's output as a header: a full `Name: value` line, a scheme and token
 * (`Bearer abc` -> Authorization), or a bare token (sent as `Authorization: Bearer <token>`). */
export function headerFromOutput(output: string): { name: string; value: string } | string {
  const line = output.replace(/\r?\n$/, '').trim();
  if (line === '') return 'the command printed nothing';
  if (/[\r\n\0]/.test(line)) return 'the command printed more than one line';
  if (/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+:\s/.test(line)) return parseHeaderLine(line);
  return { name: 'Authorization', value: /\s/.test(line) ? line : `Bearer ${line}` };
}

export type CommandRunner = (command: string) => Promise<string>;

const shellRunner: CommandRunner = (command) =>
  new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', command], { timeout: AUTH_COMMAND_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' }, (error, stdout) => {
      if (error === null) resolve(stdout);
      else reject(error);
    });
  });

export function commandIdentity(name: string, command: string, run: CommandRunner = shellRunner, now: () => number = Date.now): Identity {
  let cached: { at: number; headers: Readonly<Record<string, string>> } | undefined;
  return {
    name,
    async headers() {
      if (cached !== undefined && now() - cached.at < AUTH_COMMAND_TTL_MS) return cached.headers;
      let output: string;
      try {
        output = await run(command);
      } catch (error) {
        const code = (error as { code?: unknown; killed?: boolean }).killed === true ? 'timed out' : `exit ${String((error as { code?: unknown }).code ?? 'error')}`;
        throw new IdentityError(`--auth-cmd ${name}: the command failed (${code})`);
      }
      const header = headerFromOutput(output);
      if (typeof header === 'string') throw new IdentityError(`--auth-cmd ${name}: ${header}`);
      cached = { at: now(), headers: Object.freeze({ [header.name]: header.value }) };
      return cached.headers;
    },
  };
}
