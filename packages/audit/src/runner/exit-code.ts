// Documented exit codes of `rampart audit`; a worse outcome is never reported as a better one.
import type { Verdict } from '../checks/types.js';
import type { AuditReport } from './report.js';

export const ExitCode = {
  /** Nothing at or above --fail-on. */
  Clean: 0,
  /** At least one finding at or above --fail-on, or a check that could not finish. */
  Findings: 1,
  /** Bad arguments or configuration file. */
  Usage: 2,
  /** The target did not answer. */
  Unreachable: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type FailOn = 'info' | 'warn' | 'fail';

const rank: Record<Verdict, number> = { 'N/A': 0, PASS: 0, INFO: 1, WARN: 2, FAIL: 3 };
const threshold: Record<FailOn, number> = { info: 1, warn: 2, fail: 3 };

export function exitCodeFor(report: AuditReport, failOn: FailOn): ExitCode {
  // A check that errored could not vouch for the target: that is never a clean result.
  if (report.results.some((result) => result.error !== undefined)) return ExitCode.Findings;
  const worst = Math.max(0, ...report.results.flatMap((result) => result.findings.map((f) => rank[f.verdict])));
  return worst >= threshold[failOn] ? ExitCode.Findings : ExitCode.Clean;
}
