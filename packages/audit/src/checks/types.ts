// The contract of one audit check: what it probes, how it decides, and the fix it prints.
// Each check lives in its own file under checks/ and is listed in checks/index.ts.
import type { OwaspApiCategory, OwaspCategory } from '@rampart/cli-kit';
import type { ApiSurface } from '../operations/types.js';

export type Verdict = 'PASS' | 'INFO' | 'WARN' | 'FAIL' | 'N/A';
export type Severity = 'low' | 'medium' | 'high' | 'critical';

export type { OwaspApiCategory, OwaspCategory };

/** One response as the auditor saw it (the body is capped). */
export interface ProbeResponse {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  /** Header names lower-cased; repeated headers keep every value. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: string;
  readonly contentType: string;
}

export interface ProbeRequest {
  readonly method?: string;
  /** Path (and query) relative to the target's origin, sent as-is (no normalisation). */
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Use plain http on the same host (transport check). */
  readonly scheme?: 'http' | 'https';
  /** Leave out the --header values: the per-operation checks send exactly one identity's
   * credentials, or none. */
  readonly withoutUserHeaders?: boolean;
}

/** What a check may use: a bounded HTTP client bound to the target, and the options. */
export interface AuditContext {
  readonly target: URL;
  readonly env: 'production' | 'development';
  /** Path of a login endpoint, only when the user opted in with --login. */
  readonly loginPath?: string;
  /** Sends one request to the target (never follows redirects; counts against the budget). */
  probe(request?: ProbeRequest): Promise<ProbeResponse>;
  /** The response to GET of the target URL, fetched once and shared. */
  baseline(): Promise<ProbeResponse>;
  /** The response to GET of a random, surely-unknown path, fetched once and shared. */
  notFoundBaseline(): Promise<ProbeResponse>;
  /** The operations and identities of a spec-driven audit (--openapi, --path); absent otherwise. */
  readonly api?: ApiSurface;
}

/** One graded observation of a check. A check may report several (one per header, say). */
export interface Finding {
  readonly verdict: Verdict;
  readonly title: string;
  /** What was seen, in one or two sentences (never a secret value). */
  readonly detail: string;
  /** URL that showed it. */
  readonly url: string;
  /** How to fix it; required for WARN and FAIL. */
  readonly fix?: string;
  readonly severity?: Severity;
  /** The operation a per-operation finding is about, as `METHOD /path/{template}`. */
  readonly operation?: string;
  /** Where the cause lives in a file of the user's repository, when the check knows it (an
   * OpenAPI document and the line of the operation): SARIF locates the result there instead of
   * at the URL. `file` as the user gave it (relative to the repository root for code scanning);
   * `line` 1-based. */
  readonly location?: FindingLocation;
}

export interface FindingLocation {
  readonly file: string;
  readonly line: number;
}

export interface Check {
  /** Stable kebab-case id, used in config files, JSON and SARIF rule ids (e.g. `cors`). */
  readonly id: string;
  readonly title: string;
  /** OWASP Top 10 2021 for the site-wide checks, OWASP API Security Top 10 2023 for the
   * per-operation ones. */
  readonly category: OwaspCategory | OwaspApiCategory;
  /** One paragraph: what the check sends and how it decides (also the SARIF help text). */
  readonly description: string;
  /** False for checks that only run when opted in (rate limiting with --login, the
   * per-operation checks with --openapi or --path). */
  readonly enabledByDefault: boolean;
  run(context: AuditContext): Promise<readonly Finding[]>;
}
