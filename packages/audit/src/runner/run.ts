// runAudit: reachability first, then every applicable check against one bounded context.
import type { Check, ProbeResponse } from '../checks/types.js';
import { allChecks } from '../checks/index.js';
import { applyOverride, type CheckOverride } from '../config/overrides.js';
import { operationChecks } from '../operations/index.js';
import { loginOperationPath } from '../operations/sensitive-flows.js';
import { buildSurface, discoverSpec, surfaceNote, type ApiOptions } from '../operations/surface.js';
import type { ApiSurface } from '../operations/types.js';
import { createAuditContext, type RunnerContext } from './context.js';
import { TargetUnreachableError } from './errors.js';
import { scoredResults, scoreOf, summarize, type AuditReport, type CheckResult } from './report.js';

export interface AuditProgress {
  readonly checksDone: number;
  readonly checksTotal: number;
  readonly requestsSent: number;
}

export interface RunAuditOptions {
  readonly target: URL;
  readonly env?: 'production' | 'development';
  readonly loginPath?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  /** Total request budget of the whole audit. */
  readonly maxRequests?: number;
  readonly maxBodyBytes?: number;
  readonly ca?: string;
  /** Check id -> override from the config file. */
  readonly overrides?: Readonly<Record<string, CheckOverride>>;
  /** Defaults to allChecks (tests pass a subset). */
  readonly checks?: readonly Check[];
  readonly onProgress?: (progress: AuditProgress) => void;
  /** A spec-driven audit: operations (a document, listed paths, or the document the target
   * exposes when neither is given), identities and the safety switches. */
  readonly api?: ApiOptions;
  /** A check still running after this long is reported as not finished (its error), so that no
   * target can keep the audit waiting, whatever it sends. */
  readonly checkDeadlineMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_REQUESTS = 300;
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
export const DEFAULT_CHECK_DEADLINE_MS = 120_000;

/** The spec-driven default budget: the site-wide 300 plus, per operation, one full per-check budget for every check. */
export function defaultMaxRequests(surface: ApiSurface | undefined): number {
  if (surface === undefined) return DEFAULT_MAX_REQUESTS;
  return Math.min(50_000, DEFAULT_MAX_REQUESTS + surface.operations.length * surface.maxRequestsPerOperation * operationChecks.length);
}

function contextSettings(options: RunAuditOptions) {
  return {
    target: options.target,
    env: options.env ?? 'production',
    extraHeaders: options.headers ?? {},
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  } as const;
}

/** The operations to probe: the given document or paths, else the document the target exposes
 * (found with at most a dozen GETs, counted in the report's requests). */
export async function resolveSurface(options: RunAuditOptions): Promise<{ surface?: ApiSurface; requestsSent: number }> {
  const api = options.api;
  if (api === undefined) return { requestsSent: 0 };
  if (api.spec !== undefined || (api.paths?.length ?? 0) > 0) return { surface: buildSurface(api, api.spec), requestsSent: 0 };
  const finder = createAuditContext({ ...contextSettings(options), maxRequests: 20 });
  try {
    const spec = await discoverSpec(finder).catch(() => undefined);
    return { ...(spec === undefined ? {} : { surface: buildSurface(api, spec) }), requestsSent: finder.requestsSent() };
  } finally {
    await finder.close();
  }
}

export async function runAudit(options: RunAuditOptions): Promise<AuditReport> {
  const startedAt = new Date();
  const { surface, requestsSent: discoveryRequests } = await resolveSurface(options);
  const loginPath = options.loginPath ?? (surface === undefined ? undefined : loginOperationPath(surface));
  const checks = selectChecks(options, surface, loginPath);
  let checksDone = 0;
  const report = (requestsSent: number) =>
    options.onProgress?.({ checksDone, checksTotal: checks.length, requestsSent: requestsSent + discoveryRequests });
  const context = createAuditContext({
    ...contextSettings(options),
    ...(loginPath === undefined ? {} : { loginPath }),
    ...(surface === undefined ? {} : { api: surface }),
    maxRequests: options.maxRequests ?? defaultMaxRequests(surface),
    onRequest: report,
  });
  try {
    const baseline = await context.baseline().catch((error: unknown) => {
      throw new TargetUnreachableError(options.target.href, { cause: error });
    });
    const runOne = async (check: Check): Promise<CheckResult> => {
      const result = await runCheck(check, context, options.overrides?.[check.id], options.checkDeadlineMs ?? DEFAULT_CHECK_DEADLINE_MS);
      checksDone += 1;
      report(context.requestsSent());
      return result;
    };
    // Ordinary checks run side by side (the request limiter bounds them). Opt-in checks (the
    // login burst) run alone afterwards so their 429s cannot disturb the other checks.
    const ordinary = await Promise.all(checks.filter((check) => check.enabledByDefault).map(runOne));
    const optIn: CheckResult[] = [];
    for (const check of checks.filter((c) => !c.enabledByDefault)) optIn.push(await runOne(check));
    const byId = new Map([...ordinary, ...optIn].map((result) => [result.check.id, result]));
    const results = checks.map((check) => byId.get(check.id)).filter((r): r is CheckResult => r !== undefined);
    const finishedAt = new Date();
    const summary = summarize(results);
    const scored = summarize(scoredResults(results, baseline.status, baseline.url));
    return {
      target: options.target.href,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      requestsSent: context.requestsSent() + discoveryRequests,
      results,
      summary,
      score: scoreOf(scored),
      targetStatus: baseline.status,
      ...notesFor(baseline, summary.pass - scored.pass, options.api === undefined ? undefined : (surface ?? null)),
    };
  } finally {
    await context.close();
  }
}

/** Redirects are never followed (not even on the same host): say so when the target redirects.
 * A target URL that answers 404 is not a page of the application: say so, and that its PASS
 * findings were left out of the score (scoredResults). */
function notesFor(baseline: ProbeResponse, passesNotScored: number, surface: ApiSurface | null | undefined): { notes?: string[] } {
  const notes: string[] = [];
  if (baseline.status === 404) {
    notes.push(
      `The target URL itself answered 404: the checks that read its response graded an error page, not the application. ` +
        `${passesNotScored} PASS finding${passesNotScored === 1 ? '' : 's'} on that page ${passesNotScored === 1 ? 'is' : 'are'} not counted in the score. ` +
        'Audit a URL the application serves (an API route or a health endpoint).',
    );
  }
  if (baseline.status >= 300 && baseline.status < 400) {
    const location = baseline.headers.location?.[0] ?? '(no Location header)';
    notes.push(
      `The target answered ${baseline.status} with Location: ${location.slice(0, 200)}. Redirects are never followed; the checks graded the redirect response itself. Audit the final URL to grade the application.`,
    );
  }
  if (surface === null) notes.push('No operations to probe: no --openapi, --path or --paths-file was given and the target exposes no OpenAPI document at the well-known paths.');
  else if (surface !== undefined) notes.push(surfaceNote(surface));
  return notes.length === 0 ? {} : { notes };
}

const operationCheckIds = new Set(operationChecks.map((check) => check.id));

/** Ignored checks never run; opt-in checks run only when their option is given: the rate-limit
 * check with --login (or a login operation in the document), the per-operation checks with operations. */
export function selectChecks(options: Pick<RunAuditOptions, 'checks' | 'overrides'>, surface: ApiSurface | undefined, loginPath: string | undefined): readonly Check[] {
  const ready = (check: Check) =>
    check.enabledByDefault || (operationCheckIds.has(check.id) ? surface !== undefined && surface.operations.length > 0 : loginPath !== undefined);
  return (options.checks ?? [...allChecks, ...operationChecks]).filter((check) => options.overrides?.[check.id] !== 'ignore' && ready(check));
}

async function runCheck(check: Check, context: RunnerContext, override: CheckOverride | undefined, deadlineMs: number): Promise<CheckResult> {
  const info = { id: check.id, title: check.title, category: check.category, description: check.description };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the check did not finish within ${Math.round(deadlineMs / 1000)} s`)), deadlineMs);
  });
  try {
    const findings = await Promise.race([check.run(context), deadline]);
    return { check: info, findings: applyOverride(findings, override) };
  } catch (error) {
    return { check: info, findings: [], error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
