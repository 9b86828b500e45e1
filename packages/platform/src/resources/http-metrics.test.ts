import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HTTP_METRIC_DEFINITIONS, createHttpMetrics } from './http-metrics.js';

interface Response {
  method: string;
  route: string | undefined;
  status: number;
  elapsedMs: number;
}

// What Fastify hands the onResponse hook, reduced to the fields the metrics read.
function parts(response: Response): [FastifyRequest, FastifyReply] {
  const request = { method: response.method, routeOptions: { url: response.route } } as unknown as FastifyRequest;
  const reply = { statusCode: response.status, elapsedTime: response.elapsedMs } as unknown as FastifyReply;
  return [request, reply];
}

/** The same metrics observed on prom-client directly, one labelled call per response. */
function referenceRegistry(responses: readonly Response[]): Registry {
  const registry = new Registry();
  const requests = new Counter({ ...HTTP_METRIC_DEFINITIONS.requests, registers: [registry] });
  const duration = new Histogram({ ...HTTP_METRIC_DEFINITIONS.duration, registers: [registry] });
  const rejections = new Counter({ ...HTTP_METRIC_DEFINITIONS.rejections, registers: [registry] });
  const standard = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
  const refused = new Set([400, 401, 403, 404, 405, 413, 415, 429, 431, 503]);
  for (const r of responses) {
    const method = standard.has(r.method) ? r.method : 'OTHER';
    const route = r.route ?? 'unmatched';
    requests.inc({ method, route, status: String(r.status) });
    duration.observe({ method, route }, r.elapsedMs / 1000);
    if (refused.has(r.status)) rejections.inc({ status: String(r.status) });
  }
  return registry;
}

const NAMES = Object.values(HTTP_METRIC_DEFINITIONS).map((d) => d.name);

async function exposition(registry: Registry): Promise<string> {
  const texts = await Promise.all(NAMES.map((name) => registry.getSingleMetricAsString(name)));
  return texts.join('\n');
}

// A mix of routes, methods (one non-standard), statuses (refused and not), durations in every
// bucket, on the boundaries and above the last one.
function responses(count: number): Response[] {
  const routes = ['/health', '/api/courses/:id', undefined, '/auth/login'];
  const methods = ['GET', 'POST', 'HEAD', 'PROPFIND', 'DELETE', 'OPTIONS'];
  const statuses = [200, 201, 204, 400, 401, 404, 429, 500, 503, 302];
  const durations = [0.2, 5, 7.5, 10, 25, 49.9, 100, 250, 500, 1000, 2500, 5000, 7000, 0];
  return Array.from({ length: count }, (_, i) => ({
    route: routes[(i * 7) % routes.length],
    method: methods[(i * 5) % methods.length]!,
    status: statuses[(i * 3 + (i >> 2)) % statuses.length]!,
    elapsedMs: durations[i % durations.length]! + (i % 11) * 0.013,
  }));
}

describe('createHttpMetrics', () => {
  it('exposes what prom-client gives when every response is observed on it directly', async () => {
    const sequence = responses(2_000);
    const metrics = createHttpMetrics();
    for (const response of sequence) metrics.observe(...parts(response));

    const expected = await exposition(referenceRegistry(sequence));
    expect(expected).toContain('method="OTHER"');
    expect(expected).toContain('route="unmatched"');
    expect(expected).toContain('http_request_duration_seconds_bucket{le="+Inf"');
    expect(await exposition(metrics.registry)).toBe(expected);
  });

  it('counts on after a scrape without counting twice', async () => {
    const first = responses(300);
    const later = responses(700).slice(300);
    const metrics = createHttpMetrics();
    for (const response of first) metrics.observe(...parts(response));
    expect(await exposition(metrics.registry)).toBe(await exposition(referenceRegistry(first)));
    for (const response of later) metrics.observe(...parts(response));
    await metrics.registry.metrics();
    expect(await exposition(metrics.registry)).toBe(await exposition(referenceRegistry([...first, ...later])));
  });

  it('gives exact counts, buckets and sums', async () => {
    const metrics = createHttpMetrics();
    const sequence: Response[] = [
      { method: 'GET', route: '/health', status: 200, elapsedMs: 2 },
      { method: 'GET', route: '/health', status: 200, elapsedMs: 10 },
      { method: 'GET', route: '/health', status: 429, elapsedMs: 6000 },
    ];
    for (const response of sequence) metrics.observe(...parts(response));
    const text = await metrics.registry.metrics();
    expect(text).toContain('http_requests_total{method="GET",route="/health",status="200"} 2\n');
    expect(text).toContain('http_requests_total{method="GET",route="/health",status="429"} 1\n');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/health"} 1\n');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.01",method="GET",route="/health"} 2\n');
    expect(text).toContain('http_request_duration_seconds_bucket{le="5",method="GET",route="/health"} 2\n');
    expect(text).toContain('http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/health"} 3\n');
    expect(text).toContain('http_request_duration_seconds_sum{method="GET",route="/health"} 6.012\n');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/health"} 3\n');
    expect(text).toContain('http_requests_refused_total{status="429"} 1\n');
    // The default process metrics are there too.
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
  });

  it('registers on a given registry (the platform\'s one), with the default process metrics', async () => {
    const registry = new Registry();
    const metrics = createHttpMetrics(registry);
    metrics.observe(...parts({ method: 'POST', route: '/auth/login', status: 401, elapsedMs: 30 }));
    expect(metrics.registry).toBe(registry);
    const text = await registry.metrics();
    expect(text).toContain('http_requests_refused_total{status="401"} 1\n');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
