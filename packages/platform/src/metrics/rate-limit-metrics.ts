// guard's rate-limit decisions (policy hook `rateLimit.onDecision`) as
// rampart_rate_limit_decisions_total{class,outcome}. Both labels are bounded: the policy's class
// names (`route` for every inline limit) and guard's five outcomes.
//
// The hook runs on every request, and prom-client hashes and validates the label set on every
// `inc`, even through a child from `labels()`. So the counts live in plain slots (class -> outcome
// -> slot, no key string built) and are handed to prom-client when the registry is scraped, in
// the counter's `collect` callback, in the order the pairs were first seen: the exposition is the
// one direct `inc` calls would give (rate-limit-metrics.test.ts compares the two).
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { RateLimitDecisionHook } from '@rampart/guard';

export const RATE_LIMIT_DECISIONS_DEFINITION = {
  name: 'rampart_rate_limit_decisions_total',
  help: 'Rate-limit decisions by class and outcome: allowed, limited (429), fallback_allowed, fallback_limited (the in-process fallback while the shared store failed), unavailable (503)',
  labelNames: ['class', 'outcome'] as const,
};

interface DecisionSlot {
  readonly labels: { class: string; outcome: string };
  count: number;
}

export function countRateLimitDecisions(registry: Registry): RateLimitDecisionHook {
  const slots: DecisionSlot[] = [];
  const byClass = new Map<string, Map<string, DecisionSlot>>();
  new Counter({
    ...RATE_LIMIT_DECISIONS_DEFINITION,
    registers: [registry],
    collect() {
      this.reset();
      for (const slot of slots) this.inc(slot.labels, slot.count);
    },
  });
  return (className, outcome) => {
    let outcomes = byClass.get(className);
    if (outcomes === undefined) {
      outcomes = new Map();
      byClass.set(className, outcomes);
    }
    let slot = outcomes.get(outcome);
    if (slot === undefined) {
      slot = { labels: { class: className, outcome }, count: 0 };
      outcomes.set(outcome, slot);
      slots.push(slot);
    }
    slot.count++;
  };
}
