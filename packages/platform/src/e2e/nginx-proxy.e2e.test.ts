// The shipped proxy configuration (ops/nginx/rampart.conf, placeholders filled as envsubst
// would) in a real nginx, in front of the real `rampart serve` in production on 127.0.0.1 with
// TRUST_PROXY set to the proxy's address, spoken to over HTTPS from several loopback addresses
// (127.0.0.0/8 is all local on Linux), so that the client address the application sees can be
// told apart from the proxy's.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity } from 'node:tls';
import type { SecureVersion } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nginxAvailable, startNginx } from '../../../../test-support/nginx.js';
import type { NginxProcess } from '../../../../test-support/nginx.js';
import { makeCertificate } from '../../../../test-support/tls-certificate.js';
import type { TestCertificate } from '../../../../test-support/tls-certificate.js';
import { freePort } from '../../../../test-support/ports.js';
import { startServe } from '../../../../test-support/rampart-cli.js';
import type { RampartServe as ServeProcess } from '../../../../test-support/rampart-cli.js';

const SHIPPED_CONFIG = new URL('../../../../ops/nginx/rampart.conf', import.meta.url);
const SERVER_NAME = 'api.example.test';
const PROXY_ADDRESS = '127.0.0.1';

/** envsubst with an explicit list: exactly these placeholders, every one of them. */
function render(template: string, values: Readonly<Record<string, string>>): string {
  const placeholders = new Set([...template.matchAll(/\$\{(RAMPART_[A-Z_]+)\}/g)].map((match) => match[1] as string));
  expect([...placeholders].sort()).toEqual(Object.keys(values).sort());
  return template.replace(/\$\{(RAMPART_[A-Z_]+)\}/g, (_, name: string) => values[name] as string);
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

function collect(resolve: (answer: Answer) => void, reject: (error: Error) => void) {
  return (res: IncomingMessage) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }));
    res.on('error', reject);
  };
}

/** How many times a response carries `name` (raw, before Node joins duplicates). */
function occurrences(answer: Answer, name: string): number {
  return answer.rawHeaders.filter((value, index) => index % 2 === 0 && value.toLowerCase() === name).length;
}

const nginxUp = await nginxAvailable();

describe.runIf(nginxUp)('ops/nginx/rampart.conf in front of rampart serve', { timeout: 60_000 }, () => {
  let dir: string;
  let certificate: TestCertificate;
  let app: ServeProcess;
  let proxy: NginxProcess;
  let httpsPort: number;
  let httpPort: number;

  function https(options: { from: string; path?: string; host?: string; method?: string; headers?: Record<string, string>; body?: Buffer; tls?: SecureVersion }): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: httpsPort,
          localAddress: options.from,
          method: options.method ?? 'GET',
          path: options.path ?? '/health',
          headers: { host: options.host ?? SERVER_NAME, ...options.headers },
          ca: certificate.cert,
          // The test certificate is for 127.0.0.1; Node would check it against the Host header.
          checkServerIdentity: (_host, cert) => checkServerIdentity('127.0.0.1', cert),
          agent: false,
          ...(options.tls ? { minVersion: options.tls, maxVersion: options.tls } : {}),
        },
        collect(resolve, reject),
      );
      req.on('error', reject);
      req.end(options.body);
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-nginx-'));
    certificate = await makeCertificate();
    await writeFile(join(dir, 'key.pem'), certificate.key, { mode: 0o600 });
    app = await startServe({
      RAMPART_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      ALLOWED_HOSTS: SERVER_NAME,
      TRUST_PROXY: PROXY_ADDRESS,
      SECURITY_CONTACT: 'mailto:security@example.test',
      RAMPART_DATA_DIR: join(dir, 'data'),
      // Per client address; an hour window so that the count cannot reset mid-test.
      RATE_LIMIT_HEALTH: '3/hour',
      LOG_LEVEL: 'info',
    });
    [httpsPort, httpPort] = [await freePort(), await freePort()];
    const config = render(readFileSync(SHIPPED_CONFIG, 'utf8'), {
      RAMPART_HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
      RAMPART_HTTP_LISTEN: `127.0.0.1:${httpPort}`,
      RAMPART_SERVER_NAME: SERVER_NAME,
      RAMPART_PUBLIC_ORIGIN: `https://${SERVER_NAME}:${httpsPort}`,
      RAMPART_TLS_CERTIFICATE: certificate.certPath,
      RAMPART_TLS_CERTIFICATE_KEY: join(dir, 'key.pem'),
      RAMPART_UPSTREAM: `127.0.0.1:${app.port}`,
    });
    proxy = await startNginx(join(dir, 'nginx'), config, httpsPort);
  }, 240_000);

  afterAll(async () => {
    await proxy?.stop();
    await app?.stop();
    await certificate?.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('answers /health over HTTPS with each security header exactly once and no nginx version', async () => {
    const answer = await https({ from: '127.0.0.3' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
    for (const name of ['strict-transport-security', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'x-request-id']) {
      expect(occurrences(answer, name), name).toBe(1);
    }
    expect(answer.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
    expect(answer.headers.server).toBe('nginx');
  });

  it('speaks TLS 1.2 and 1.3, not 1.1', async () => {
    expect((await https({ from: '127.0.0.3', tls: 'TLSv1.3' })).status).toBe(200);
    expect((await https({ from: '127.0.0.3', tls: 'TLSv1.2' })).status).toBe(200);
    await expect(https({ from: '127.0.0.3', tls: 'TLSv1.1' })).rejects.toThrow();
  });

  it('passes the client address on: the application logs it, not the proxy address or a forged X-Forwarded-For', async () => {
    const forged = await https({ from: '127.0.0.5', path: '/health?forged', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(forged.status).toBe(200);
    // The log line travels through the child's stdout pipe and may arrive after the response.
    let line: string | undefined;
    for (let waited = 0; line === undefined && waited < 5_000; waited += 50) {
      line = app.output().split('\n').find((entry) => entry.includes('"url":"/health?forged"'));
      if (line === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(line).toContain('"remoteAddress":"127.0.0.5"');
    expect(app.output()).not.toContain('203.0.113.9');
  });

  it('keys rate limits by that client address: one address runs out, another does not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await https({ from: '127.0.0.6' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await https({ from: '127.0.0.7' })).status).toBe(200);
  });

  it('still applies the Host allow-list behind the proxy, and a client cannot smuggle an allowed X-Forwarded-Host', async () => {
    const answer = await https({ from: '127.0.0.8', host: 'evil.example' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'host_not_allowed' });
    // The application believes X-Forwarded-Host from the proxy: the proxy must overwrite it.
    const smuggled = await https({ from: '127.0.0.8', host: 'evil.example', headers: { 'x-forwarded-host': SERVER_NAME } });
    expect(smuggled.status).toBe(400);
  });

  it('redirects plain HTTP to the one public https origin, whatever Host the client sent', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: httpPort, path: '/health?x=1', headers: { host: 'evil.example' }, agent: false }, collect(resolve, reject));
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe(`https://${SERVER_NAME}:${httpsPort}/health?x=1`);
  });

  it('refuses a body far over the limit itself, in the JSON error shape with the headers once', async () => {
    const answer = await https({ from: '127.0.0.9', method: 'POST', path: '/auth/login', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(3 * 1024 * 1024, 0x20) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: 'payload_too_large', message: 'request body too large' });
    expect(occurrences(answer, 'strict-transport-security')).toBe(1);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
  });

  it('has the application listen on 127.0.0.1 only', async () => {
    expect(app.output()).toContain(`"address":"http://127.0.0.1:${app.port}"`);
    const reach = (host: string) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host, port: app.port });
        socket.once('connect', () => (socket.destroy(), resolve('connected')));
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
    expect(await reach('127.0.0.1')).toBe('connected');
    expect(await reach('127.0.0.2')).toBe('ECONNREFUSED');
  });

  it('answers 503 in the JSON error shape while the application is down', async () => {
    expect(await app.stop()).toBe(0);
    const answer = await https({ from: '127.0.0.10' });
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({ error: 'service_unavailable', message: 'service unavailable' });
    expect(answer.headers['retry-after']).toBe('5');
    expect(occurrences(answer, 'strict-transport-security')).toBe(1);
  });
});
