// guard's rate-limit decisions (policy hook `rateLimit.onDecision`) as
// rampart_rate_limit_decisions_total{class,outcome}. Both labels are bounded: the policy's class
// names (`route` for every inline limit) and guard's five outcomes.
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { RateLimitDecisionHook } from '@rampart/guard';

export function countRateLimitDecisions(registry: Registry): RateLimitDecisionHook {
  const decisions = new Counter({
    name: 'rampart_rate_limit_decisions_total',
    help: 'Rate-limit decisions by class and outcome: allowed, limited (429), fallback_allowed, fallback_limited (the in-process fallback while the shared store failed), unavailable (503)',
    labelNames: ['class', 'outcome'] as const,
    registers: [registry],
  });
  // On every request's path: each label pair's child is looked up once and kept.
  const children = new Map<string, ReturnType<typeof decisions.labels>>();
  return (className, outcome) => {
    const key = `${className} ${outcome}`;
    let child = children.get(key);
    if (child === undefined) {
      child = decisions.labels({ class: className, outcome });
      children.set(key, child);
    }
    child.inc();
  };
}
