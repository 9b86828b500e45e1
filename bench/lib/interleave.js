// Interleaved measurement: every target of a scenario runs at once (idle ones cost nothing), and
// many short rounds visit them in turn (A B C, B C A, C A B...), so a noisy moment on the shared
// machine touches every target about equally. Each sample carries the server's CPU time per
// request (from /proc/<pid>/stat around the round) beside req/s and latency.
import { runLoad } from './load.js';
import { processCpuSeconds } from './cpu.js';

/**
 * @param {{ targets: Array<{ key: string, url: string, headers: Record<string,string>, pid: number, rss?: () => number }>,
 *           rounds: number, seconds: number, warmup: number, connections: number, loadCpu?: string,
 *           onSample?: (round: number, key: string, sample: object) => void }} options
 * @returns {Promise<Map<string, object[]>>} samples per target key, one per round
 */
export async function measureInterleaved({ targets, rounds, seconds, warmup, connections, loadCpu, onSample }) {
  const samples = new Map(targets.map((t) => [t.key, []]));
  const load = (t, s) => runLoad({ url: t.url, headers: t.headers, seconds: s, connections, cpu: loadCpu });
  for (const t of targets) await load(t, warmup);
  for (let round = 0; round < rounds; round++) {
    // Rotate the starting target each round, so none is always first after another's load.
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    for (const t of order) {
      const cpuBefore = processCpuSeconds(t.pid);
      const result = await load(t, seconds);
      const cpuSeconds = processCpuSeconds(t.pid) - cpuBefore;
      const sample = {
        ...result,
        cpuSeconds,
        cpuUsPerRequest: result.requests > 0 ? (cpuSeconds * 1e6) / result.requests : Number.NaN,
        rssBytes: t.rss?.() ?? 0,
      };
      samples.get(t.key).push(sample);
      onSample?.(round + 1, t.key, sample);
    }
  }
  return samples;
}

/** One line of progress for a sample. */
export function describeSample(sample) {
  return `${Math.round(sample.rps)} req/s, ${sample.cpuUsPerRequest.toFixed(1)} µs CPU/req, p99 ${sample.p99Ms.toFixed(2)} ms, non-2xx ${sample.non2xx}`;
}
