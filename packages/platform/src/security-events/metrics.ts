// rampart_security_events_total{event}: every security event counted by name. The label set is
// the closed name list, each child created up front at 0, so that Prometheus sees the series
// before its first increase (ops/prometheus/alerts.yml reads this exact name).
import { Counter, type Registry } from 'prom-client';
import { SECURITY_EVENT_NAMES } from './names.js';
import type { SecurityEvents } from './security-events.js';

export const SECURITY_EVENTS_METRIC = 'rampart_security_events_total';

export function registerSecurityEventMetrics(registry: Registry, events: Pick<SecurityEvents, 'onEvent'>): void {
  const counter = new Counter({
    name: SECURITY_EVENTS_METRIC,
    help: 'Security events emitted, by OWASP Logging Vocabulary name',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  const children = new Map(SECURITY_EVENT_NAMES.map((name) => [name, counter.labels(name)]));
  // prom-client creates a series on its first inc: inc(0) makes each one visible at 0.
  for (const child of children.values()) child.inc(0);
  events.onEvent((event) => children.get(event.event)?.inc());
}
