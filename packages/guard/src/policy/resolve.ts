// resolvePolicy: validate -> defaults -> production refusals -> deep-freeze.
import { normalizeErrorsPolicy } from '../errors/code-table.js';
import { defaultPolicy } from './defaults.js';
import { deepFreeze } from './deep-freeze.js';
import { mergeDefaults } from './merge.js';
import { PolicyError, type PolicyProblem } from './policy-error.js';
import { limitsRefusals } from './limits-refusals.js';
import { resolveRateLimitClasses } from './rate-limit-classes.js';
import { productionRefusals } from './refusals.js';
import { POLICY_SPEC } from './spec.js';
import type { GuardMode, GuardPolicy, GuardPolicyInput } from './types.js';
import { isPlainObject, validateAgainst } from './validate.js';

const resolved = new WeakSet<object>();

/** True for a policy returned by resolvePolicy (so guard and guardServerOptions do not resolve
 * it twice). */
export function isResolvedPolicy(value: unknown): value is GuardPolicy {
  return typeof value === 'object' && value !== null && resolved.has(value);
}

export function resolvePolicy(input: GuardPolicyInput = {}): GuardPolicy {
  if (isResolvedPolicy(input)) return input;
  if (!isPlainObject(input)) {
    throw new PolicyError('RAMPART_ERR_POLICY_INVALID', [{ path: '(policy)', message: 'must be an object' }]);
  }
  const problems: PolicyProblem[] = [];
  validateAgainst(POLICY_SPEC, input, '', problems);
  if (problems.length) throw new PolicyError('RAMPART_ERR_POLICY_INVALID', problems);

  const mode: GuardMode = input.mode ?? 'development';
  const defaults = defaultPolicy(mode);
  const policy = mergeDefaults(defaults, input) as GuardPolicy;
  const rateLimitClasses = resolveRateLimitClasses(defaults.rateLimit.classes, policy.rateLimit.classes);
  if (rateLimitClasses.problems.length) throw new PolicyError('RAMPART_ERR_POLICY_INVALID', rateLimitClasses.problems);
  // Host names are case-insensitive: compare in lower case.
  const normalized: GuardPolicy = {
    ...policy,
    allowedHosts: policy.allowedHosts.map((h) => h.toLowerCase()),
    errors: normalizeErrorsPolicy(policy.errors) as GuardPolicy['errors'],
    rateLimit: { ...policy.rateLimit, classes: rateLimitClasses.classes },
  };

  const refusals = [...productionRefusals(normalized), ...limitsRefusals(normalized)];
  if (refusals.length) throw new PolicyError('RAMPART_ERR_POLICY_INSECURE', refusals);

  const frozen = deepFreeze(normalized);
  resolved.add(frozen);
  return frozen;
}
