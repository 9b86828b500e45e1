// How `rampart serve` writes its log: readable lines (pino-pretty) for a developer watching a
// terminal, JSON lines for everything else. Production is always JSON (collectors parse it, and
// guard's redaction must not depend on a formatter), as is any output that is not a terminal
// (a pipe, a file, a process manager), whatever the mode.
export type LogFormat = 'pretty' | 'json';

export interface LogFormatInput {
  readonly mode: 'development' | 'production';
  /** Whether the log's destination is a terminal (`process.stdout.isTTY`). */
  readonly isTTY: boolean;
}

export function chooseLogFormat(input: LogFormatInput): LogFormat {
  return input.mode === 'development' && input.isTTY ? 'pretty' : 'json';
}
