// Documented exit codes of `rampart scan` (the same numbers as rampart audit and rampart deps);
// a worse outcome is never reported as a better one.
import type { ScanReport } from '../findings/types.js';

export const ExitCode = {
  /** No finding at or above the thresholds. */
  Clean: 0,
  /** At least one finding at or above --severity and --confidence (not suppressed, not in the baseline). */
  Findings: 1,
  /** Bad arguments or configuration, or a file that could not be parsed. */
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(report: ScanReport): ExitCode {
  // A file that did not parse was not checked: never a clean result, and worse than findings.
  if (report.parseErrors.length > 0) return ExitCode.Usage;
  return report.findings.length > 0 ? ExitCode.Findings : ExitCode.Clean;
}
