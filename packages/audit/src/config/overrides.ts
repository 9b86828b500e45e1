// What a config file may say about one check, and how that changes its findings.
import type { Finding } from '../checks/types.js';

/** ignore: the check does not run; warn: its FAILs count as WARN; fail: its WARNs count as FAIL. */
export type CheckOverride = 'ignore' | 'warn' | 'fail';
export const checkOverrides: readonly CheckOverride[] = ['ignore', 'warn', 'fail'];

export function applyOverride(findings: readonly Finding[], override: CheckOverride | undefined): readonly Finding[] {
  if (override === 'warn') {
    return findings.map((finding) => (finding.verdict === 'FAIL' ? { ...finding, verdict: 'WARN' as const } : finding));
  }
  if (override === 'fail') {
    return findings.map((finding) => (finding.verdict === 'WARN' ? { ...finding, verdict: 'FAIL' as const } : finding));
  }
  return findings;
}
