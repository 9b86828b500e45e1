// The Prometheus harness against a real Prometheus: it scrapes a small HTTP exporter whose
// counter the test moves, and an alert on that counter is silent, then fires.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireExecutable } from './executables.js';
import { startPrometheus } from './prometheus.js';
import type { RunningPrometheus } from './prometheus.js';

const executable = requireExecutable('prometheus', 'apt-get install prometheus');

describe.runIf(executable)('startPrometheus', () => {
  let events = 0;
  let exporter: Server;
  let prometheus: RunningPrometheus;
  const rules = mkdtempSync(join(tmpdir(), 'rampart-rules-'));

  beforeAll(async () => {
    exporter = createServer((_request, response) => {
      response.setHeader('content-type', 'text/plain; version=0.0.4');
      response.end(`# TYPE harness_events_total counter\nharness_events_total ${events}\n`);
    });
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    const address = exporter.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    writeFileSync(
      join(rules, 'rules.yml'),
      'groups:\n  - name: harness\n    rules:\n      - alert: HarnessBurst\n        expr: increase(harness_events_total[10s]) > 5\n',
    );
    prometheus = await startPrometheus({ executable: executable as string, targets: [`127.0.0.1:${port}`], ruleFiles: [join(rules, 'rules.yml')] });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => exporter?.close(resolve));
    rmSync(rules, { recursive: true, force: true });
  });

  it('scrapes the target and keeps a quiet alert silent', async () => {
    await prometheus.waitForSample('up', 1, 10_000);
    expect((await prometheus.query('up'))[0]?.value[1]).toBe('1');
    expect((await prometheus.alerts()).filter((alert) => alert.state === 'firing')).toEqual([]);
  });

  it('fires the alert once the counter jumps', async () => {
    events = 50;
    const alert = await prometheus.waitForFiring('HarnessBurst', 15_000);
    expect(alert.labels.alertname).toBe('HarnessBurst');
  });
});
