// Production refusals of the rate-limit and host settings that are IP ranges: a range covering a
// whole address family turns the setting off (any Host accepted, a class never limited).
import { coversEverything } from '../ip-ranges/index.js';
import type { PolicyProblem } from './policy-error.js';
import type { GuardPolicy } from './types.js';

export function limitsRefusals(policy: GuardPolicy): PolicyProblem[] {
  if (policy.mode !== 'production') return [];
  const problems: PolicyProblem[] = [];
  for (const entry of policy.allowedHosts) {
    if (coversEverything(entry)) {
      problems.push({
        path: 'allowedHosts',
        message: `"${entry}" accepts every IP literal as Host and is refused in production; list the pod or load-balancer range, e.g. "10.0.0.0/8"`,
      });
    }
  }
  for (const [name, rule] of Object.entries(policy.rateLimit.classes)) {
    for (const entry of rule.allowList ?? []) {
      if (coversEverything(entry)) {
        problems.push({
          path: `rateLimit.classes.${name}.allowList`,
          message: `"${entry}" exempts every client and is refused in production; list the addresses that must never be limited`,
        });
      }
    }
  }
  return problems;
}
