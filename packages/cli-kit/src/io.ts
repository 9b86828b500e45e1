// What an analyzer's main() writes to and reads from: given by its bin (the process's streams)
// or by the platform's `rampart <command>` (its own), so that every CLI is testable in-process.
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIO {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}
