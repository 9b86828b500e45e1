// guard's rate-limit decisions (policy hook `rateLimit.onDecision`) as
// rampart_rate_limit_decisions_total{class,outcome}. Both labels are bounded: the policy's class
// names (`route` for every inline limit) and guard's five outcomes.
//
// The hook runs on every request: the counts live in plain slots (slot-counter.ts), found through
// class -> outcome without building a key string.
import type { Registry } from 'prom-client';
import type { RateLimitDecisionHook } from '@rampart/guard';
import { slotCounter, type CountSlot } from './slot-counter.js';

export const RATE_LIMIT_DECISIONS_DEFINITION = {
  name: 'rampart_rate_limit_decisions_total',
  help: 'Rate-limit decisions by class and outcome: allowed, limited (429), fallback_allowed, fallback_limited (the in-process fallback while the shared store failed), unavailable (503)',
  labelNames: ['class', 'outcome'] as const,
};

export function countRateLimitDecisions(registry: Registry): RateLimitDecisionHook {
  const newSlot = slotCounter(RATE_LIMIT_DECISIONS_DEFINITION, registry);
  const byClass = new Map<string, Map<string, CountSlot>>();
  return (className, outcome) => {
    let outcomes = byClass.get(className);
    if (outcomes === undefined) {
      outcomes = new Map();
      byClass.set(className, outcomes);
    }
    let slot = outcomes.get(outcome);
    if (slot === undefined) {
      slot = newSlot({ class: className, outcome });
      outcomes.set(outcome, slot);
    }
    slot.count++;
  };
}
