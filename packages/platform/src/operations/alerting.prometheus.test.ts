// The alert rules against the real thing: a real Prometheus (Debian's package, 1 s scrape and
// evaluation) scrapes a real `rampart serve` through its METRICS_PORT listener, with
// ops/prometheus/alerts.yml loaded. Quiet traffic fires nothing; a burst of 403s fires
// RampartUnauthorizedAccessBurst and a burst of failed logins RampartLoginFailureBurst, each
// within a bounded time.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireExecutable } from '../../../../test-support/executables.js';
import { freePort } from '../../../../test-support/ports.js';
import { startPrometheus, type RunningPrometheus } from '../../../../test-support/prometheus.js';
import { rampartBuilt, startServe, type RampartServe } from '../../../../test-support/rampart-cli.js';
import { unavailable } from '../../../../test-support/services.js';

const ALERT_RULES = fileURLToPath(new URL('../../../../ops/prometheus/alerts.yml', import.meta.url));
const prometheusBinary = requireExecutable('prometheus', 'apt-get install prometheus');
const built = rampartBuilt() || unavailable('rampart CLI', 'packages/platform/dist is missing (npm run build)');
const PASSWORD = 'alerting test passphrase';
/** Firing needs a scrape, an evaluation and the rule's [1m] window to see the burst. */
const FIRING_WITHIN_MS = 30_000;

describe.runIf(prometheusBinary && built)('alerts fired by a real Prometheus scraping rampart serve', () => {
  let dataDir: string;
  let server: RampartServe;
  let prometheus: RunningPrometheus;
  let metricsPort: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rampart-alerting-'));
    metricsPort = await freePort();
    server = await startServe({
      RAMPART_DATA_DIR: dataDir,
      METRICS_PORT: String(metricsPort),
      // The burst of failed logins must reach identity, not the login limiter (hour window).
      RATE_LIMIT_LOGIN: '1000/hour',
      REQUIRE_VERIFIED_EMAIL: 'false',
    });
    prometheus = await startPrometheus({ executable: prometheusBinary as string, targets: [`127.0.0.1:${metricsPort}`], ruleFiles: [ALERT_RULES] });
  }, 180_000);

  afterAll(async () => {
    await prometheus?.stop();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Resolves once Prometheus has scraped a sample of `expr` at or above `atLeast`. */
  const scraped = (expr: string, atLeast: number, timeoutMs = 20_000) => prometheus.waitForSample(expr, atLeast, timeoutMs);

  async function firing(): Promise<string[]> {
    return (await prometheus.alerts()).filter((alert) => alert.state === 'firing').map((alert) => alert.labels.alertname ?? '');
  }

  let userToken: string;
  const email = `alerting-${randomUUID()}@example.test`;

  it('scrapes the listener without a token, and nothing fires on quiet traffic', async () => {
    await scraped(`up{job="rampart",instance="127.0.0.1:${metricsPort}"}`, 1);
    expect((await server.call('POST', '/auth/register', { body: { email, password: PASSWORD, displayName: 'Free user' } })).status).toBe(201);
    const login = await server.call('POST', '/auth/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    userToken = login.body.accessToken as string;
    // One refusal and one failed login, so that both series exist before their bursts (an
    // increase needs an earlier sample), and both well under their thresholds.
    expect((await server.call('GET', '/metrics', { token: userToken })).status).toBe(403);
    expect((await server.call('POST', '/auth/login', { body: { email, password: 'not the passphrase at all' } })).status).toBe(401);
    await scraped('sum(http_requests_total{status="403"})', 1);
    await scraped('sum(rampart_security_events_total{event="authn_login_fail"})', 1);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a few evaluations
    const quiet = await firing();
    expect(quiet).not.toContain('RampartUnauthorizedAccessBurst');
    expect(quiet).not.toContain('RampartLoginFailureBurst');
  }, 60_000);

  it('a burst of 403s (a free user calling an admin route) fires RampartUnauthorizedAccessBurst', async () => {
    const started = Date.now();
    for (let i = 0; i < 30; i++) expect((await server.call('GET', '/metrics', { token: userToken })).status).toBe(403);
    const alert = await prometheus.waitForFiring('RampartUnauthorizedAccessBurst', FIRING_WITHIN_MS);
    expect(alert.labels.severity).toBe('warning');
    expect(Date.now() - started).toBeLessThan(FIRING_WITHIN_MS + 10_000);
    expect(await firing()).not.toContain('RampartLoginFailureBurst');
  }, 60_000);

  it('a burst of failed logins fires RampartLoginFailureBurst', async () => {
    // Unknown accounts (a credential-stuffing list): no account reaches its lockout threshold.
    for (let i = 0; i < 15; i++) {
      const unknown = `stuffed-${i}-${randomUUID()}@example.test`;
      expect((await server.call('POST', '/auth/login', { body: { email: unknown, password: 'a guessed passphrase' } })).status).toBe(401);
    }
    const alert = await prometheus.waitForFiring('RampartLoginFailureBurst', FIRING_WITHIN_MS);
    expect(alert.labels.severity).toBe('page');
  }, 90_000);
});
