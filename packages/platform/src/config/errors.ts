// Configuration problems are collected, not thrown one at a time: an operator fixing a
// deployment sees every wrong setting in one run, each with the variable and the fix.

export interface ConfigIssue {
  /** The environment variable at fault (or the file, for `.env` problems). */
  readonly variable: string;
  /** What is wrong, without echoing secret values back. */
  readonly problem: string;
  /** What to do about it. */
  readonly fix: string;
}

export class ConfigError extends Error {
  readonly code = 'RAMPART_ERR_CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options?: ErrorOptions) {
    super(
      `invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.problem}. Fix: ${i.fix}`).join('\n')}`,
      options,
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Accumulates issues while parsing; `throwIfAny` raises one ConfigError naming them all. */
export class IssueList {
  readonly #issues: ConfigIssue[] = [];

  add(variable: string, problem: string, fix: string): void {
    this.#issues.push({ variable, problem, fix });
  }

  get count(): number {
    return this.#issues.length;
  }

  throwIfAny(): void {
    if (this.#issues.length > 0) throw new ConfigError(this.#issues);
  }
}
