// @rampart/audit: probe any running HTTP API from outside and report the hardening checklist.
export type {
  AuditContext,
  Check,
  Finding,
  FindingLocation,
  OwaspApiCategory,
  OwaspCategory,
  ProbeRequest,
  ProbeResponse,
  Severity,
  Verdict,
} from './checks/types.js';
export { allChecks } from './checks/index.js';
// spec-driven audit
export { operationChecks } from './operations/index.js';
export type { ApiSurface, HttpMethod, Identity, Operation, OperationParameter, SpecLocation } from './operations/types.js';
export type { ApiOptions } from './operations/surface.js';
export { parseSpec, readSpecFile, readSpecUrl, SpecError, type LoadedSpec } from './operations/spec-load.js';
export { operationsOf } from './operations/spec-operations.js';
export { commandIdentity, staticIdentity, IdentityError } from './operations/identities.js';
export type { AuditReport, CheckInfo, CheckResult, VerdictSummary } from './runner/report.js';
export { runAudit, type AuditProgress, type RunAuditOptions } from './runner/run.js';
export { createAuditContext, type ContextSettings, type RunnerContext } from './runner/context.js';
export { ExitCode, exitCodeFor, type FailOn } from './runner/exit-code.js';
export { ProbeFailedError, RequestBudgetExceededError, TargetUnreachableError } from './runner/errors.js';
export { main, type CliIO, type CliStream } from './cli.js';
export { parseArgs, type ParseResult } from './args/parse.js';
export { helpText } from './args/help.js';
export type { AuditCliOptions, OutputFormat } from './args/options.js';
export { ConfigError, loadConfig, parseConfig, type AuditConfig } from './config/load.js';
export type { CheckOverride } from './config/overrides.js';
export { reporters, type RenderOptions } from './reporters/index.js';
export { renderJson, JSON_SCHEMA_VERSION } from './reporters/json.js';
export { renderSarif } from './reporters/sarif.js';
export { renderText } from './reporters/text.js';
