// Prometheus metrics of one server, in the platform's registry (one per platform: several can
// live in one process, e.g. in tests), default process metrics, and request counters and durations by
// route pattern and status. The label is the route's pattern (`/api/courses/:id`) or
// `unmatched`, never the raw URL, so an attacker cannot grow the label set.
//
// Observing is on every response's path, and prom-client hashes and validates the label set on
// every `inc`/`observe`, even through a child from `labels()`. So the counts live here, in
// plain slots found without building a string (route -> method index -> slot, status -> slot),
// and are handed to prom-client only when the registry is scraped, through each metric's
// `collect` callback (the counters through metrics/slot-counter.ts). The slots are bounded (routes x 8 methods x statuses seen) and the
// exposition is the one the metrics would give if every response were observed on them directly
// (same names, help, labels, order, bucket boundaries, counts and sums; http-metrics.test.ts
// compares the two).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { slotCounter, type CountSlot } from '../metrics/slot-counter.js';

export interface HttpMetrics {
  readonly registry: Registry;
  observe(request: FastifyRequest, reply: FastifyReply): void;
}

/** The metrics' definitions, shared with the test that checks the exposition. */
export const HTTP_METRIC_DEFINITIONS = {
  requests: {
    name: 'http_requests_total',
    help: 'HTTP responses sent, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
  },
  duration: {
    name: 'http_request_duration_seconds',
    help: 'Time from request to response, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  },
  rejections: {
    name: 'http_requests_refused_total',
    help: 'Requests refused (4xx from guard layers or handlers, and 503), by status code',
    labelNames: ['status'] as const,
  },
};

/** Only the standard methods become labels; anything else is folded into one value. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'OTHER'] as const;
const OTHER_METHOD = METHODS.length - 1;
const METHOD_INDEX = new Map<string, number>(METHODS.map((method, index) => [method, index]));

/** Statuses guard answers when it refuses a request before the handler. */
const GUARD_REJECTION_STATUSES = new Set([400, 401, 403, 404, 405, 413, 415, 429, 431, 503]);

const BUCKETS = HTTP_METRIC_DEFINITIONS.duration.buckets;

/** One (method, route): its duration histogram and its responses by status. */
interface RouteSlot {
  readonly labels: { method: string; route: string };
  /** Observations per bucket, not cumulative; the last one is above every boundary (`+Inf` only). */
  readonly buckets: number[];
  sum: number;
  count: number;
  readonly statuses: Map<number, CountSlot>;
}

/** The part of prom-client's histogram state a collect callback fills (prom-client 15). */
interface HistogramEntry {
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}

function bucketIndex(seconds: number): number {
  let index = 0;
  while (index < BUCKETS.length && seconds > BUCKETS[index]!) index++;
  return index;
}

/**
 * @param registry where the metrics and the default process metrics are registered: the
 *   platform's one registry (assembly); a new registry when omitted
 */
export function createHttpMetrics(registry?: Registry): HttpMetrics {
  const target = registry ?? new Registry();
  collectDefaultMetrics({ register: target });
  // Slots in the order of their first observation: prom-client lists label sets in that order.
  const routeSlots: RouteSlot[] = [];
  const byRoute = new Map<string, (RouteSlot | undefined)[]>();
  const rejectionsByStatus = new Map<number, CountSlot>();

  const newRequestSlot = slotCounter(HTTP_METRIC_DEFINITIONS.requests, target);
  new Histogram({
    ...HTTP_METRIC_DEFINITIONS.duration,
    registers: [target],
    collect() {
      this.reset();
      for (const slot of routeSlots) this.zero(slot.labels);
      // zero() added one entry per slot, in the slots' order (distinct label sets).
      const entries = Object.values((this as unknown as { hashMap: Record<string, HistogramEntry> }).hashMap);
      if (entries.length !== routeSlots.length) throw new Error('prom-client histogram state is not as expected');
      routeSlots.forEach((slot, i) => {
        const entry = entries[i]!;
        BUCKETS.forEach((bound, b) => {
          entry.bucketValues[bound] = slot.buckets[b]!;
        });
        entry.sum = slot.sum;
        entry.count = slot.count;
      });
    },
  });
  const newRejectionSlot = slotCounter(HTTP_METRIC_DEFINITIONS.rejections, target);

  function routeSlot(route: string, methodIndex: number): RouteSlot {
    let methods = byRoute.get(route);
    if (methods === undefined) {
      methods = new Array<RouteSlot | undefined>(METHODS.length).fill(undefined);
      byRoute.set(route, methods);
    }
    let slot = methods[methodIndex];
    if (slot === undefined) {
      slot = {
        labels: { method: METHODS[methodIndex]!, route },
        buckets: new Array<number>(BUCKETS.length + 1).fill(0),
        sum: 0,
        count: 0,
        statuses: new Map(),
      };
      methods[methodIndex] = slot;
      routeSlots.push(slot);
    }
    return slot;
  }

  return {
    registry: target,
    observe(request, reply) {
      const route = request.routeOptions.url ?? 'unmatched';
      const slot = routeSlot(route, METHOD_INDEX.get(request.method) ?? OTHER_METHOD);
      const status = reply.statusCode;
      let counted = slot.statuses.get(status);
      if (counted === undefined) {
        counted = newRequestSlot({ ...slot.labels, status: String(status) });
        slot.statuses.set(status, counted);
      }
      counted.count++;
      const seconds = reply.elapsedTime / 1000;
      slot.buckets[bucketIndex(seconds)]!++;
      slot.sum += seconds;
      slot.count++;
      if (GUARD_REJECTION_STATUSES.has(status)) {
        let refused = rejectionsByStatus.get(status);
        if (refused === undefined) {
          refused = newRejectionSlot({ status: String(status) });
          rejectionsByStatus.set(status, refused);
        }
        refused.count++;
      }
    },
  };
}
