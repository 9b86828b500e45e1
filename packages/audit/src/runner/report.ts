// The result of one audit run: what every reporter (text, JSON, SARIF) renders and what the
// exit code is computed from. JSON output serialises exactly this shape (plus schemaVersion).
import type { Check, Finding, Verdict } from '../checks/types.js';

export type CheckInfo = Pick<Check, 'id' | 'title' | 'category' | 'description'>;

export interface CheckResult {
  readonly check: CheckInfo;
  readonly findings: readonly Finding[];
  /** Set when the check itself threw (a bug or an exhausted budget); it then has no findings. */
  readonly error?: string;
}

export interface VerdictSummary {
  readonly pass: number;
  readonly info: number;
  readonly warn: number;
  readonly fail: number;
  readonly na: number;
}

export interface AuditReport {
  readonly target: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly requestsSent: number;
  readonly results: readonly CheckResult[];
  readonly summary: VerdictSummary;
  /** 0..100: the share of graded findings (PASS/WARN/FAIL) that passed, FAIL weighing double. */
  readonly score: number;
  /** Things the reader must know to trust the result (e.g. the target URL redirects). */
  readonly notes?: readonly string[];
  /** HTTP status of GET of the target URL (the baseline). */
  readonly targetStatus?: number;
}

const summaryKey: Record<Verdict, keyof VerdictSummary> = {
  PASS: 'pass',
  INFO: 'info',
  WARN: 'warn',
  FAIL: 'fail',
  'N/A': 'na',
};

export function summarize(results: readonly CheckResult[]): VerdictSummary {
  const counts = { pass: 0, info: 0, warn: 0, fail: 0, na: 0 };
  for (const result of results) {
    for (const finding of result.findings) counts[summaryKey[finding.verdict]] += 1;
  }
  return counts;
}

/** PASS counts 1, WARN half a miss, FAIL a double miss; INFO and N/A are not graded. */
export function scoreOf(summary: VerdictSummary): number {
  const earned = summary.pass;
  const possible = summary.pass + summary.warn * 0.5 + summary.fail * 2;
  if (possible === 0) return 100;
  return Math.round((earned / possible) * 100);
}

/** The results the score is computed from. When the target URL itself answered 404, a PASS
 * found on that response graded a framework's error page, not the application: it proves
 * nothing, so it earns nothing (its WARN and FAIL still count: they are true of that page).
 * Without this, auditing a path the API does not serve scored 100/100 from error pages alone. */
export function scoredResults(results: readonly CheckResult[], targetStatus: number, targetUrl: string): readonly CheckResult[] {
  if (targetStatus !== 404) return results;
  return results.map((result) => ({
    ...result,
    findings: result.findings.filter((finding) => !(finding.verdict === 'PASS' && finding.url === targetUrl)),
  }));
}
