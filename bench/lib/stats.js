// Median and spread of repeated measurements.
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Spread as (max - min) / median: 0.05 means the rounds were within 5% of each other. */
export function spread(values) {
  const m = median(values);
  return m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / m;
}

/** Fisher-Yates shuffle, so that no target always runs first (warm caches, thermal state). */
export function shuffle(items) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Median over rounds of `field` of `samples[i]` divided by the same field of `baseline[i]`: a
 * ratio of two targets measured next to each other in the same round, robust to drifting load. */
export function pairedRatio(samples, baseline, field) {
  const n = Math.min(samples.length, baseline.length);
  const ratios = [];
  for (let i = 0; i < n; i++) {
    const value = samples[i][field] / baseline[i][field];
    if (Number.isFinite(value)) ratios.push(value);
  }
  return ratios.length ? median(ratios) : Number.NaN;
}
