// `rampart scan` / `rampart-scan`. main() never throws and never calls process.exit: it returns the
// exit code (bin/ sets it). Placeholder until the package lands.
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIO {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const processIO: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };

export async function main(_argv: readonly string[], io: CliIO = processIO): Promise<number> {
  io.stderr.write('rampart scan: not implemented yet\n');
  return 2;
}
