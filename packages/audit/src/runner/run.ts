// runAudit: reachability first, then every applicable check against one bounded context.
import type { Check, ProbeResponse } from '../checks/types.js';
import { allChecks } from '../checks/index.js';
import { applyOverride, type CheckOverride } from '../config/overrides.js';
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
  /** A check still running after this long is reported as not finished (its error), so that no
   * target can keep the audit waiting, whatever it sends. */
  readonly checkDeadlineMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_REQUESTS = 300;
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
export const DEFAULT_CHECK_DEADLINE_MS = 120_000;

export async function runAudit(options: RunAuditOptions): Promise<AuditReport> {
  const startedAt = new Date();
  const checks = selectChecks(options);
  let checksDone = 0;
  const report = (requestsSent: number) =>
    options.onProgress?.({ checksDone, checksTotal: checks.length, requestsSent });
  const context = createAuditContext({
    target: options.target,
    env: options.env ?? 'production',
    ...(options.loginPath === undefined ? {} : { loginPath: options.loginPath }),
    extraHeaders: options.headers ?? {},
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    maxRequests: options.maxRequests ?? DEFAULT_MAX_REQUESTS,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
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
      requestsSent: context.requestsSent(),
      results,
      summary,
      score: scoreOf(scored),
      targetStatus: baseline.status,
      ...notesFor(baseline, summary.pass - scored.pass),
    };
  } finally {
    await context.close();
  }
}

/** Redirects are never followed (not even on the same host): say so when the target redirects.
 * A target URL that answers 404 is not a page of the application: say so, and that its PASS
 * findings were left out of the score (scoredResults). */
function notesFor(baseline: ProbeResponse, passesNotScored: number): { notes?: string[] } {
  if (baseline.status === 404) {
    return {
      notes: [
        `The target URL itself answered 404: the checks that read its response graded an error page, not the application. ` +
          `${passesNotScored} PASS finding${passesNotScored === 1 ? '' : 's'} on that page ${passesNotScored === 1 ? 'is' : 'are'} not counted in the score. ` +
          'Audit a URL the application serves (an API route or a health endpoint).',
      ],
    };
  }
  if (baseline.status < 300 || baseline.status >= 400) return {};
  const location = baseline.headers.location?.[0] ?? '(no Location header)';
  return {
    notes: [
      `The target answered ${baseline.status} with Location: ${location.slice(0, 200)}. Redirects are never followed; the checks graded the redirect response itself. Audit the final URL to grade the application.`,
    ],
  };
}

/** Ignored checks never run; opt-in checks run only when their option (--login) is given. */
function selectChecks(options: RunAuditOptions): readonly Check[] {
  return (options.checks ?? allChecks).filter(
    (check) =>
      options.overrides?.[check.id] !== 'ignore' && (check.enabledByDefault || options.loginPath !== undefined),
  );
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
