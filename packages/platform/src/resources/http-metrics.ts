// Prometheus metrics of one server, in the platform's registry (one per platform: several can
// live in one process, e.g. in tests), default process metrics, and request counters and durations by
// route pattern and status. The label is the route's pattern (`/api/courses/:id`) or
// `unmatched`, never the raw URL, so an attacker cannot grow the label set.
//
// Observing is on every response's path, so the labelled children are looked up once per label
// combination and kept (prom-client would otherwise hash the label object on every call): the
// sets are bounded (routes x 8 methods x statuses seen), and a child counts exactly as
// `metric.inc(labels)` would.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  readonly registry: Registry;
  observe(request: FastifyRequest, reply: FastifyReply): void;
}

const STANDARD_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Statuses guard answers when it refuses a request before the handler. */
const GUARD_REJECTION_STATUSES = new Set([400, 401, 403, 404, 405, 413, 415, 429, 431, 503]);

/** `registry`: the platform's one registry (assembly); a new one when not given. */
export function createHttpMetrics(registry: Registry = new Registry()): HttpMetrics {
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP responses sent, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to response, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const rejections = new Counter({
    name: 'http_requests_refused_total',
    help: 'Requests refused (4xx from guard layers or handlers, and 503), by status code',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  type CounterChild = ReturnType<typeof requests.labels>;
  type HistogramChild = ReturnType<typeof duration.labels>;
  const requestChildren = new Map<string, CounterChild>();
  const durationChildren = new Map<string, HistogramChild>();
  const rejectionChildren = new Map<number, CounterChild>();
  return {
    registry,
    observe(request, reply) {
      const route = request.routeOptions.url ?? 'unmatched';
      // Only the standard methods become labels; anything else is folded into one value.
      const method = STANDARD_METHODS.has(request.method) ? request.method : 'OTHER';
      const status = reply.statusCode;
      const routeKey = `${method} ${route}`;
      const requestKey = `${routeKey} ${status}`;
      let counted = requestChildren.get(requestKey);
      if (counted === undefined) {
        counted = requests.labels({ method, route, status: String(status) });
        requestChildren.set(requestKey, counted);
      }
      counted.inc();
      let timed = durationChildren.get(routeKey);
      if (timed === undefined) {
        timed = duration.labels({ method, route });
        durationChildren.set(routeKey, timed);
      }
      timed.observe(reply.elapsedTime / 1000);
      if (GUARD_REJECTION_STATUSES.has(status)) {
        let refused = rejectionChildren.get(status);
        if (refused === undefined) {
          refused = rejections.labels({ status: String(status) });
          rejectionChildren.set(status, refused);
        }
        refused.inc();
      }
    },
  };
}
