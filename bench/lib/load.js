// Drives load against one target with wrk (C, epoll: fast enough not to be the bottleneck on one core)
// and returns requests/s, p50, p99 and the non-2xx count. No pipelining: one request per connection at a time.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./wrk.lua', import.meta.url));

/**
 * @param {{ url: string, headers: Record<string,string>, seconds: number, connections: number,
 *           distinctForwardedFor?: boolean, forwardedForOffset?: number, cpu?: string }} options
 * @returns {Promise<{ rps: number, p50Ms: number, p99Ms: number, non2xx: number, requests: number, socketErrors: number }>}
 */
export function runLoad({ url, headers, seconds, connections, distinctForwardedFor = false, forwardedForOffset = 0, cpu }) {
  const encoded = Object.entries(headers).map(([k, v]) => `${k}=${v};;`).join('');
  const args = ['-t', '1', '-c', String(connections), '-d', `${seconds}s`, '--timeout', '5s', '-s', script, url];
  const command = cpu ? 'taskset' : 'wrk';
  const argv = cpu ? ['-c', cpu, 'wrk', ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      env: { ...process.env, WRK_HEADERS: encoded, WRK_DISTINCT_XFF: distinctForwardedFor ? '1' : '0',
        WRK_XFF_OFFSET: String(forwardedForOffset) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.stderr.on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
      if (code !== 0 || !line) return reject(new Error(`wrk failed (exit ${code}): ${out.slice(-500)}`));
      const r = JSON.parse(line.slice('WRK_JSON '.length));
      resolve({
        rps: r.requests / (r.durationUs / 1e6),
        p50Ms: r.p50Us / 1000,
        p99Ms: r.p99Us / 1000,
        non2xx: r.non2xx,
        requests: r.requests,
        socketErrors: r.socketErrors,
      });
    });
  });
}

/** Sends `total` requests (scenario 5) by running wrk until the count is reached, in bounded slices. */
export async function runUntil({ total, ...options }) {
  let sent = 0;
  const slices = [];
  for (let i = 0; sent < total && i < 100; i++) {
    const r = await runLoad({ ...options, seconds: 5, forwardedForOffset: sent });
    sent += r.requests;
    slices.push(r);
  }
  return { requests: sent, slices: slices.length };
}
