// The assembled platform's one registry: the admin-only GET /metrics of the API and the
// METRICS_PORT listener serve the same series; the listener is closed by the platform's close().
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import { assemblePlatform } from '../assembly/assemble-platform.js';
import { loadConfig } from '../config/index.js';
import { internalsOf } from '../identity/internals.js';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

describe('platform metrics', { timeout: 120_000 }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rampart-platform-metrics-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves one registry on /metrics (admin) and on the listener (no token), and close() closes the listener', async () => {
    const config = loadConfig({ RAMPART_DATA_DIR: dataDir, METRICS_PORT: '0' }, dataDir);
    const platform = await assemblePlatform(config, { database: await freshDatabase(), logStream: quiet, migrate: false, identity: { controlSocket: false, env: {} } });
    let closed = false;
    try {
      const listener = platform.metricsListener;
      expect(listener?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const base = await platform.listen({ host: '127.0.0.1', port: 0 });
      // A request of the API is counted, and both endpoints show it.
      const refused = await request(`${base}/metrics`, { headers: { host: '127.0.0.1' } });
      expect(refused.statusCode).toBe(401);
      await refused.body.dump();
      const admin = await internalsOf(platform.identity).accounts.register(
        { email: `admin-${randomUUID()}@example.test`, password: `metrics admin ${randomUUID()}`, displayName: 'Admin' },
        'admin',
      );
      const { accessToken } = await internalsOf(platform.identity).issueTokensFor(admin.id);
      const viaApi = await request(`${base}/metrics`, { headers: { host: '127.0.0.1', authorization: `Bearer ${accessToken}` } });
      expect(viaApi.statusCode).toBe(200);
      const apiText = await viaApi.body.text();
      const viaListener = await request(`${listener?.url}/metrics`);
      expect(viaListener.statusCode).toBe(200);
      const listenerText = await viaListener.body.text();
      for (const text of [apiText, listenerText]) {
        expect(text).toContain('http_requests_total{method="GET",route="/metrics",status="401"} 1');
        expect(text).toContain('rampart_token_verifications_total{outcome="valid"} 1');
        expect(text).toMatch(/^rampart_signing_key_age_seconds \d/m);
        expect(text).toContain('rampart_password_hash_refusals_total 0');
        expect(text).toMatch(/^rampart_rate_limit_decisions_total\{class="authenticated",outcome="allowed"\} [1-9]/m);
      }
      // The listener's scrapes are not API traffic: the one admin GET only.
      const again = await request(`${listener?.url}/metrics`);
      expect(await again.body.text()).toContain('http_requests_total{method="GET",route="/metrics",status="200"} 1');
      await platform.close();
      closed = true;
      // A new connection (the kept-alive one was ended by close()).
      await expect(request(`${listener?.url}/metrics`, { dispatcher: new Agent() })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      if (!closed) await platform.close();
    }
  });

  it('starts no listener without METRICS_PORT', async () => {
    const config = loadConfig({ RAMPART_DATA_DIR: dataDir }, dataDir);
    const platform = await assemblePlatform(config, { database: await freshDatabase(), logStream: quiet, migrate: false, identity: { controlSocket: false, env: {} } });
    try {
      expect(platform.metricsListener).toBeUndefined();
      expect(await platform.metrics.metrics()).toContain('rampart_signing_key_age_seconds');
    } finally {
      await platform.close();
    }
  });
});
