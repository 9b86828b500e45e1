// The streams, environment and working directory main() is given (the platform's `rampart deps`
// passes its own; bin/ passes the process's).
import type { CliIO as CliKitIO } from '@rampart/cli-kit';

export type { CliStream } from '@rampart/cli-kit';

export interface CliIO extends CliKitIO {
  readonly cwd: string;
}
