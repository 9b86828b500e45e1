// A prom-client counter whose counts live in plain slots. prom-client hashes and validates the
// label set on every `inc`, even through a child from `labels()`; on a per-request path the caller
// instead finds its slot without building anything (its own maps) and adds to `count`. The counts
// are handed to prom-client when the registry is scraped, in the counter's `collect` callback, in
// the order the slots were made: the order prom-client lists label sets observed directly, so the
// exposition is the one direct `inc` calls would give (http-metrics.test.ts and
// rate-limit-metrics.test.ts compare the two).
import { Counter, type Registry } from 'prom-client';

export interface CountSlot {
  readonly labels: Record<string, string>;
  count: number;
}

export interface SlotCounterDefinition {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
}

/** Registers the counter; returns how to make the slot of a label set (once per label set). */
export function slotCounter(definition: SlotCounterDefinition, registry: Registry): (labels: Record<string, string>) => CountSlot {
  const slots: CountSlot[] = [];
  new Counter({
    ...definition,
    registers: [registry],
    collect() {
      this.reset();
      for (const slot of slots) this.inc(slot.labels, slot.count);
    },
  });
  return (labels) => {
    const slot = { labels, count: 0 };
    slots.push(slot);
    return slot;
  };
}
