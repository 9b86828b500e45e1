import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { worstVerdict } from '../fixtures/verdict.js';
import { methodsCheck } from './methods.js';

let open: Listening[] = [];
let contexts: ProbeContext[] = [];
afterEach(async () => {
  await Promise.all([...open.map((s) => s.close()), ...contexts.map((c) => c.close())]);
  open = [];
  contexts = [];
});

async function audit(server: Server | NetServer) {
  const listening = await listen(server);
  open.push(listening);
  const context = createProbeContext(listening.url);
  contexts.push(context);
  return methodsCheck.run(context);
}

/** Echo TRACE the way RFC 9110 describes it: the request message as a message/http body. */
const traceEcho: RequestListener = (req, res) => {
  if (req.method === 'TRACE') {
    const lines = [`${req.method} ${req.url ?? ''} HTTP/1.1`];
    for (const [name, value] of Object.entries(req.headers)) lines.push(`${name}: ${String(value)}`);
    res.writeHead(200, { 'content-type': 'message/http' }).end(lines.join('\r\n'));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
};

describe('methods check', () => {
  it('fails a server whose TRACE echoes the canary header', async () => {
    const findings = await audit(createServer(traceEcho));
    expect(findings.find((f) => f.title === 'TRACE echoes the request')?.verdict).toBe('FAIL');
    expect(worstVerdict(findings)).toBe('FAIL');
  });

  it('warns when TRACE reaches a handler of its own (answered 2xx differently from GET) without echo', async () => {
    const findings = await audit(createServer((req, res) => void res.writeHead(200).end(req.method === 'TRACE' ? 'traced' : 'hello')));
    expect(findings.find((f) => f.title === 'TRACE is enabled')?.verdict).toBe('WARN');
  });

  it('warns when TRACE changes state as far as can be seen: a cookie GET does not get', async () => {
    const findings = await audit(
      createServer((req, res) => {
        if (req.method === 'TRACE') res.setHeader('set-cookie', 'traced=1; Path=/');
        res.writeHead(200).end('hello');
      }),
    );
    expect(findings.find((f) => f.title === 'TRACE is enabled')?.verdict).toBe('WARN');
  });

  it('passes a server that answers 405 to TRACE (Node refuses unknown methods with 400)', async () => {
    const findings = await audit(
      createServer((req, res) => {
        if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
        res.writeHead(200).end('ok');
      }),
    );
    expect(worstVerdict(findings)).toBe('PASS');
    expect(findings.find((f) => f.title === 'Unknown methods refused')?.detail).toContain('400');
  });

  it('warns when an invented method is served like GET', async () => {
    // node:http (llhttp) rejects unknown methods, so this target answers with a raw socket server.
    const raw = createNetServer((socket) => {
      socket.once('data', (chunk) => {
        const method = chunk.toString('latin1').split(' ')[0] ?? '';
        const status = method === 'TRACE' || method === 'TRACK' ? '405 Method Not Allowed' : '200 OK';
        socket.end(`HTTP/1.1 ${status}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok`);
      });
    });
    const findings = await audit(raw);
    expect(findings.find((f) => f.title === 'Unknown methods are answered like GET')?.verdict).toBe('INFO');
  });

  it('warns when an invented method reaches a handler that answers differently from GET', async () => {
    const raw = createNetServer((socket) => {
      socket.once('data', (chunk) => {
        const method = chunk.toString('latin1').split(' ')[0] ?? '';
        const [status, body] = method === 'GET' ? ['200 OK', 'ok'] : method === 'RAMPARTAUDIT' ? ['202 Accepted', 'queued'] : ['405 Method Not Allowed', 'no'];
        socket.end(`HTTP/1.1 ${status}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
      });
    });
    const findings = await audit(raw);
    expect(findings.find((f) => f.title === 'Unknown methods are accepted')).toMatchObject({ verdict: 'WARN', severity: 'low' });
  });

  it("is INFO at most for nginx's `return 200 \"ok\"`: every method answered exactly like GET, nothing echoed", async () => {
    // What `location / { return 200 "ok"; }` does: the same status, headers and body for any
    // method nginx parses (TRACK and invented ones included), whatever the request carried.
    const methods: string[] = [];
    const nginxReturn = createNetServer((socket) => {
      socket.once('data', (chunk) => {
        methods.push(chunk.toString('latin1').split(' ')[0] ?? '');
        socket.end('HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
      });
    });
    const findings = await audit(nginxReturn);
    expect(methods.sort()).toEqual(['GET', 'RAMPARTAUDIT', 'TRACE', 'TRACK']);
    expect(findings.map((f) => [f.title, f.verdict])).toEqual([
      ['TRACE answered like GET', 'INFO'],
      ['TRACK answered like GET', 'INFO'],
      ['Unknown methods are answered like GET', 'INFO'],
    ]);
    expect(worstVerdict(findings)).toBe('INFO');
  });

  it('passes a server that closes the connection on TRACE, TRACK and unknown methods', async () => {
    const raw = createNetServer((socket) => {
      socket.once('data', (chunk) => {
        if (!chunk.toString('latin1').startsWith('GET ')) return void socket.destroy();
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
      });
    });
    const findings = await audit(raw);
    expect(findings.map((f) => [f.title, f.verdict])).toEqual([
      ['TRACE refused', 'PASS'],
      ['TRACK refused', 'PASS'],
      ['Unknown methods refused', 'PASS'],
    ]);
  });
});
