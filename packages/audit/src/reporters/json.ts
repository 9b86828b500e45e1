// JSON reporter: the AuditReport as-is, under a schemaVersion. The schema is documented in
// audit-report.schema.json beside this file (and tested). Stability rule: fields are only ever
// added within a schemaVersion; renaming or removing one bumps it.
import type { AuditReport } from '../runner/report.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export const JSON_SCHEMA_VERSION = 1;

export function renderJson(report: AuditReport): string {
  const document = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    target: report.target,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationMs: report.durationMs,
    requestsSent: report.requestsSent,
    ...(report.targetStatus === undefined ? {} : { targetStatus: report.targetStatus }),
    score: report.score,
    summary: report.summary,
    notes: report.notes ?? [],
    results: report.results.map((result) => ({
      check: result.check,
      findings: result.findings,
      ...(result.error === undefined ? {} : { error: result.error }),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
