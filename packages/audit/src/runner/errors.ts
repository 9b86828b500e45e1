// Errors the runner raises; each carries a literal code so the CLI can map it to an exit code.

/** The target did not answer the first request at all (DNS, refused, TLS, timeout). Exit 3. */
export class TargetUnreachableError extends Error {
  readonly code = 'AUDIT_TARGET_UNREACHABLE';
  constructor(target: string, options?: ErrorOptions) {
    super(`target ${target} is unreachable`, options);
    this.name = 'TargetUnreachableError';
  }
}

/** A check asked for more requests than the audit's total budget allows. */
export class RequestBudgetExceededError extends Error {
  readonly code = 'AUDIT_REQUEST_BUDGET_EXCEEDED';
  constructor(budget: number) {
    super(`request budget of ${budget} requests exhausted`);
    this.name = 'RequestBudgetExceededError';
  }
}

/** One probe got no HTTP response (timeout, reset, TLS failure). */
export class ProbeFailedError extends Error {
  readonly code = 'AUDIT_PROBE_FAILED';
  constructor(method: string, url: string, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`${method} ${url} got no response${reason}`, options);
    this.name = 'ProbeFailedError';
  }
}
