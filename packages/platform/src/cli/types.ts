// What every command receives, so that commands are testable without the real process.
import type { Env } from '../config/index.js';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Env;
  readonly cwd: string;
}

/** Runs one command with the arguments after its name; resolves with the exit code. */
export type CommandRun = (args: readonly string[], io: CliIo) => Promise<number>;

/** Thrown by a command for bad arguments: exit code 2 with the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
