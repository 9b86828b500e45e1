import { Counter, Registry } from 'prom-client';
import type { RateLimitDecisionHook } from '@rampart/guard';
import { describe, expect, it } from 'vitest';
import { RATE_LIMIT_DECISIONS_DEFINITION, countRateLimitDecisions } from './rate-limit-metrics.js';

type RateLimitOutcome = Parameters<RateLimitDecisionHook>[1];

const OUTCOMES: RateLimitOutcome[] = ['allowed', 'limited', 'fallback_allowed', 'fallback_limited', 'unavailable'];
const CLASSES = ['public', 'authenticated', 'login', 'route', 'health'];

/** A varied, repeatable sequence of decisions (a small linear congruential generator). */
function decisions(count: number): [string, RateLimitOutcome][] {
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  return Array.from({ length: count }, () => [CLASSES[next(CLASSES.length)]!, OUTCOMES[next(OUTCOMES.length)]!]);
}

describe('rampart_rate_limit_decisions_total', () => {
  it('exposes what one labelled inc per decision would, across scrapes', async () => {
    const sequence = decisions(3000);
    const counted = new Registry();
    const hook = countRateLimitDecisions(counted);
    const reference = new Registry();
    const direct = new Counter({ ...RATE_LIMIT_DECISIONS_DEFINITION, registers: [reference] });

    const half = sequence.length / 2;
    for (const [name, outcome] of sequence.slice(0, half)) {
      hook(name, outcome);
      direct.inc({ class: name, outcome });
    }
    const first = await counted.metrics();
    expect(first).toBe(await reference.metrics());
    expect(first).toMatch(/^rampart_rate_limit_decisions_total\{class="login",outcome="limited"\} [1-9]\d*$/m);

    for (const [name, outcome] of sequence.slice(half)) {
      hook(name, outcome);
      direct.inc({ class: name, outcome });
    }
    expect(await counted.metrics()).toBe(await reference.metrics());
    expect(await counted.metrics()).not.toBe(first);
  });

  it('exposes no sample before the first decision', async () => {
    const registry = new Registry();
    countRateLimitDecisions(registry);
    expect(await registry.metrics()).not.toMatch(/^rampart_rate_limit_decisions_total\{/m);
  });
});
