// Pure helpers of the platform and production scenarios (6-8): latency summaries, synthetic client
// addresses, and the exactness verdict of the shared limiter. No I/O here, so they are unit-tested.

/** The p-th percentile (0-100) of an ascending array, nearest-rank; NaN for an empty array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Count, p50, p99 and max of latencies in milliseconds (any order). */
export function summariseLatencies(latenciesMs) {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
  };
}

/**
 * The n-th synthetic client address (10.0.0.0/8, sent as X-Forwarded-For through a trusted loopback
 * proxy), so that each simulated client has its own limiter key. n must be in [0, 2^24).
 */
export function clientAddress(n) {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 24) throw new RangeError(`client address index out of range: ${n}`);
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * Exactness of a shared limiter: `admittedByKey` maps each limiter key to the 2xx answers it got
 * across every instance. Exact means no key was admitted more than `limit` times.
 */
export function judgeExactness(admittedByKey, limit) {
  const entries = Object.entries(admittedByKey);
  const over = entries.filter(([, admitted]) => admitted > limit).map(([key, admitted]) => ({ key, admitted }));
  const admitted = entries.reduce((sum, [, n]) => sum + n, 0);
  return {
    keys: entries.length,
    limit,
    admitted,
    allowed: limit * entries.length,
    overAdmitted: over,
    exact: over.length === 0,
    // Under-admission (fewer than allowed) is not a safety failure, but it is reported.
    underAdmittedKeys: entries.filter(([, n]) => n < limit).length,
  };
}

