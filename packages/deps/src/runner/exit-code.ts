// Documented exit codes of `rampart deps`; a worse outcome is never reported as a better one.
import { SEVERITIES, type Severity } from '../model.js';
import type { DepsReport } from './report.js';

export const ExitCode = {
  /** Nothing in force at or above --fail-on (ignored findings do not count). */
  Clean: 0,
  /** At least one advisory or policy finding in force at or above --fail-on. */
  Findings: 1,
  /** Bad arguments, configuration, ignore file, lockfile or database file. */
  Usage: 2,
  /** No usable advisory database. */
  NoDatabase: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

export function exitCodeFor(report: Pick<DepsReport, 'findings' | 'failOn'>): ExitCode {
  return report.findings.some((finding) => atOrAbove(finding.severity, report.failOn)) ? ExitCode.Findings : ExitCode.Clean;
}
