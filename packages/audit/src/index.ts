// @rampart/audit: probe any running HTTP API from outside and report the hardening checklist.
export type {
  AuditContext,
  Check,
  Finding,
  OwaspCategory,
  ProbeRequest,
  ProbeResponse,
  Severity,
  Verdict,
} from './checks/types.js';
export { allChecks } from './checks/index.js';
export type { AuditReport, CheckInfo, CheckResult, VerdictSummary } from './runner/report.js';
export { runAudit, type AuditProgress, type RunAuditOptions } from './runner/run.js';
export { createAuditContext, type ContextSettings, type RunnerContext } from './runner/context.js';
export { ExitCode, exitCodeFor, type FailOn } from './runner/exit-code.js';
export { ProbeFailedError, RequestBudgetExceededError, TargetUnreachableError } from './runner/errors.js';
