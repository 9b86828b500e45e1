import { createServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createPlainPortContext, type PlainPortContext } from '../fixtures/plain-port-context.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { testCertificate, type TestCertificate } from '../fixtures/tls.js';
import { transportCheck } from './transport.js';

let tls: TestCertificate;
beforeAll(() => {
  tls = testCertificate();
});

let open: Listening[] = [];
let contexts: Array<PlainPortContext | ProbeContext> = [];
afterEach(async () => {
  await Promise.all([...open.map((s) => s.close()), ...contexts.map((c) => c.close())]);
  open = [];
  contexts = [];
});

/** An https API plus a plain-http listener on the same host with the given behaviour. */
async function audit(plain: RequestListener) {
  const secure = await listen(createHttpsServer(tls, (_req, res) => void res.end('{"ok":true}')), 'https');
  const insecure = await listen(createServer(plain));
  open.push(secure, insecure);
  const context = createPlainPortContext(`${secure.url}/api`, { ca: tls.cert, plainHttpPort: insecure.port });
  contexts.push(context);
  return { findings: await transportCheck.run(context), secure };
}

const verdicts = (findings: readonly { verdict: string }[]) => findings.map((f) => f.verdict);

describe('transport check', () => {
  it('passes a permanent redirect to https on the same host', async () => {
    const { findings } = await audit((req, res) => {
      res.writeHead(308, { location: `https://127.0.0.1${req.url ?? '/'}` }).end();
    });
    expect(verdicts(findings)).toEqual(['PASS']);
  });

  it('fails content served over plain http', async () => {
    const { findings } = await audit((_req, res) => void res.end('{"ok":true}'));
    expect(verdicts(findings)).toEqual(['FAIL']);
    expect(findings[0]?.fix).toMatch(/redirect/);
  });

  it.each([
    ['http on the same host', 'http://127.0.0.1/api'],
    ['https on another host', 'https://evil.example/api'],
    ['a garbage Location', 'http://[::1'],
  ])('fails a redirect to %s', async (_label, location) => {
    const { findings } = await audit((_req, res) => void res.writeHead(301, { location }).end());
    expect(verdicts(findings)).toEqual(['FAIL']);
  });

  it('passes a 426 refusal and warns on an unexplained 404', async () => {
    expect(verdicts((await audit((_req, res) => void res.writeHead(426).end())).findings)).toEqual(['PASS']);
    expect(verdicts((await audit((_req, res) => void res.writeHead(404).end())).findings)).toEqual(['WARN']);
  });

  it('is N/A for an http target', async () => {
    const server = await listen(createServer((_req, res) => void res.end('ok')));
    open.push(server);
    const context = createProbeContext(server.url);
    contexts.push(context);
    expect(verdicts(await transportCheck.run(context))).toEqual(['N/A']);
  });

  it('passes through the real runner when nothing listens on plain http port 80', async () => {
    const secure = await listen(createHttpsServer(tls, (_req, res) => void res.end('ok')), 'https');
    open.push(secure);
    // The runner probes http://127.0.0.1 (port 80); nothing listens there on this machine.
    const context = createProbeContext(secure.url);
    contexts.push(context);
    const findings = await transportCheck.run(context);
    expect(findings.map((f) => f.title)).toEqual(['No plain http listener']);
  });
});
