// Start-up error for a policy that is malformed (`RAMPART_ERR_POLICY_INVALID`) or insecure for
// production (`RAMPART_ERR_POLICY_INSECURE`). It lists every problem found, not only the first.

export interface PolicyProblem {
  /** Dotted path of the setting, e.g. `cors.origins`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

export type PolicyErrorCode = 'RAMPART_ERR_POLICY_INVALID' | 'RAMPART_ERR_POLICY_INSECURE';

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  readonly code: PolicyErrorCode;
  readonly problems: readonly PolicyProblem[];

  constructor(code: PolicyErrorCode, problems: readonly PolicyProblem[]) {
    const title =
      code === 'RAMPART_ERR_POLICY_INVALID'
        ? 'guard policy is invalid'
        : 'guard policy is refused in production mode';
    super(`${code}: ${title}:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`);
    this.code = code;
    this.problems = Object.freeze([...problems]);
  }
}
