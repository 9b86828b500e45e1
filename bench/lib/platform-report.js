// Result shapes of the platform scenarios (6-8): what run.js stores in the JSON report, the
// verdicts it lists under Goals, and the markdown section written to docs/performance.md.
import { median, spread } from './stats.js';

const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** A scenario that could not run here, with the reason printed and reported. */
export function skippedResult(scenario, reason) {
  console.log(`  skipped: ${reason}`);
  return {
    id: scenario.id,
    title: scenario.title,
    skipped: reason,
    verdicts: [],
    markdown: `### ${scenario.title}\n\nSkipped: ${reason}.\n`,
  };
}

/** Median figures of repeated wrk samples of one target (the same fields as run.js's table). */
export function summariseThroughput(label, samples) {
  return {
    label,
    rps: median(samples.map((s) => s.rps)),
    rpsSpread: spread(samples.map((s) => s.rps)),
    p50Ms: median(samples.map((s) => s.p50Ms)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    non2xx: samples.reduce((a, s) => a + s.non2xx, 0),
    requests: samples.reduce((a, s) => a + s.requests, 0),
    rssMiB: median(samples.map((s) => s.rssBytes)) / 2 ** 20,
    cpuUsPerRequest: median(samples.map((s) => s.cpuUsPerRequest ?? Number.NaN)),
    rounds: samples.length,
  };
}

/** A markdown table: `columns` are [heading, (row) => cell, align?] with align 'r' for numbers. */
export function markdownTable(columns, rows) {
  const head = `| ${columns.map(([h]) => h).join(' | ')} |`;
  const rule = `|${columns.map(([, , align]) => (align === 'r' ? '---:' : '---')).join('|')}|`;
  const body = rows.map((row) => `| ${columns.map(([, cell]) => cell(row)).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

export const THROUGHPUT_COLUMNS = [
  ['target', (t) => t.label],
  ['CPU µs/req (median)', (t) => fixed(t.cpuUsPerRequest, 1), 'r'],
  ['CPU x baseline', (t) => fixed(t.cpuRatio), 'r'],
  ['req/s (median)', (t) => String(Math.round(t.rps)), 'r'],
  ['spread', (t) => `${fixed(t.rpsSpread * 100, 1)}%`, 'r'],
  ['x baseline', (t) => fixed(t.rpsRatio), 'r'],
  ['p50 ms', (t) => fixed(t.p50Ms), 'r'],
  ['p99 ms', (t) => fixed(t.p99Ms), 'r'],
  ['p99 x baseline', (t) => fixed(t.p99Ratio), 'r'],
  ['non-2xx', (t) => String(t.non2xx), 'r'],
  ['RSS MiB', (t) => fixed(t.rssMiB, 0), 'r'],
];

/** Status counts as `200: 1234, 429: 5`. */
export function statusList(statuses) {
  const entries = Object.entries(statuses ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  return entries.length ? entries.map(([status, n]) => `${status === '0' ? 'network error' : status}: ${n}`).join(', ') : 'none';
}

/** Adds counts of several runs' status maps together. */
export function addStatuses(list) {
  const out = {};
  for (const statuses of list) for (const [status, n] of Object.entries(statuses ?? {})) out[status] = (out[status] ?? 0) + n;
  return out;
}

export { fixed };
