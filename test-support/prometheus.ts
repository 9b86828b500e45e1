// A real Prometheus server for alerting tests: Debian's `prometheus` binary run from a temporary
// directory on a free loopback port, with a generated configuration (scrape targets, interval,
// rule files), stopped and removed by `stop()`. Query its HTTP API for alerts and samples.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface PrometheusOptions {
  /** The prometheus executable (requireExecutable('prometheus', ...)). */
  readonly executable: string;
  /** host:port of each target of the one job `rampart`. */
  readonly targets: readonly string[];
  /** Absolute paths of rule files to evaluate. */
  readonly ruleFiles: readonly string[];
  /** Scrape and evaluation interval (default 1s). */
  readonly interval?: string;
}

export interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly state: 'pending' | 'firing' | 'inactive';
}

export interface RunningPrometheus {
  readonly url: string;
  alerts(): Promise<PrometheusAlert[]>;
  /** Resolves with the first alert named `name` in state firing, polling every 250 ms. */
  waitForFiring(name: string, timeoutMs: number): Promise<PrometheusAlert>;
  /** An instant query's vector result, e.g. `up`. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Resolves once an instant query of `expr` has a first sample at or above `atLeast`, polling
   * every 250 ms. */
  waitForSample(expr: string, atLeast: number, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

function yamlList(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`prometheus answered ${response.status} for ${url}`);
  return ((await response.json()) as { data: T }).data;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus not ready after ${timeoutMs} ms:\n${output()}`);
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const directory = mkdtempSync(join(tmpdir(), 'rampart-prometheus-'));
  const interval = options.interval ?? '1s';
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    `rule_files: ${yamlList(options.ruleFiles)}`,
    'scrape_configs:',
    '  - job_name: rampart',
    '    static_configs:',
    `      - targets: ${yamlList(options.targets)}`,
    '',
  ].join('\n');
  writeFileSync(join(directory, 'prometheus.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    options.executable,
    [
      `--config.file=${join(directory, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(directory, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  const alerts = async () => (await getJson<{ alerts: PrometheusAlert[] }>(`${url}/api/v1/alerts`)).alerts;
  const query = async (expr: string) =>
    (await getJson<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`))
      .result;
  return {
    url,
    alerts,
    async waitForFiring(name, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const firing = (await alerts()).find((alert) => alert.labels.alertname === name && alert.state === 'firing');
        if (firing) return firing;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`alert ${name} did not fire within ${timeoutMs} ms; alerts now: ${JSON.stringify(await alerts())}`);
    },
    query,
    async waitForSample(expr, atLeast, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const [sample] = await query(expr);
        if (sample && Number(sample.value[1]) >= atLeast) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`Prometheus has no sample of ${expr} >= ${atLeast} after ${timeoutMs} ms`);
    },
    stop,
  };
}
