import { createServer, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { worstVerdict } from '../fixtures/verdict.js';
import { cookieIssues, cookiesCheck, parseSetCookie } from './cookies.js';

let open: Listening[] = [];
let contexts: ProbeContext[] = [];
afterEach(async () => {
  await Promise.all([...open.map((s) => s.close()), ...contexts.map((c) => c.close())]);
  open = [];
  contexts = [];
});

async function audit(handler: RequestListener, loginPath?: string) {
  const server = await listen(createServer(handler));
  open.push(server);
  const context = createProbeContext(server.url, loginPath === undefined ? {} : { loginPath });
  contexts.push(context);
  return cookiesCheck.run(context);
}

function verdictOf(setCookie: string, https: boolean) {
  const cookie = parseSetCookie(setCookie);
  if (cookie === undefined) throw new Error(`unparsable: ${setCookie}`);
  return worstVerdict([{ verdict: 'PASS' }, ...cookieIssues(cookie, https)]);
}

describe('cookie rules (table)', () => {
  it.each([
    ['__Host-sid=x; Path=/; Secure; HttpOnly; SameSite=Strict', true, 'PASS'],
    ['__Host-sid=x; Path=/app; Secure; HttpOnly; SameSite=Strict', true, 'FAIL'],
    ['__Host-sid=x; Path=/; Secure; HttpOnly; SameSite=Strict; Domain=example.com', true, 'FAIL'],
    ['__Secure-token=x; HttpOnly; SameSite=Lax', false, 'FAIL'],
    ['session=x; Path=/; Secure; SameSite=Lax', true, 'FAIL'],
    ['connect.sid=x; Path=/; HttpOnly', true, 'FAIL'],
    ['connect.sid=x; Path=/; HttpOnly; SameSite=Lax', false, 'WARN'],
    ['sid=x; Secure; HttpOnly', true, 'WARN'],
    ['sid=x; Secure; HttpOnly; SameSite=None', true, 'WARN'],
    ['theme=dark; SameSite=None', false, 'FAIL'],
    ['theme=dark; SameSite=Lax', false, 'INFO'],
    ['theme=dark; Secure; SameSite=Lax', true, 'PASS'],
    ['XSRF-TOKEN=x; Secure; SameSite=Strict', true, 'PASS'],
    ['sid=x; Secure; HttpOnly; SameSite=Sometimes', true, 'WARN'],
    ['sid=x; Secure; HttpOnly; SameSite=Lax', true, 'INFO'],
    ['SID=x; secure; httponly; samesite=strict; path=/', true, 'INFO'],
  ] as const)('%s (https=%s) -> %s', (header, https, expected) => {
    expect(verdictOf(header, https)).toBe(expected);
  });

  it('rejects nameless or garbage cookies instead of crashing', () => {
    expect(parseSetCookie('')).toBeUndefined();
    expect(parseSetCookie('=x; Secure')).toBeUndefined();
    expect(parseSetCookie(';;;')).toBeUndefined();
  });
});

describe('cookies check', () => {
  it('is N/A when no response sets a cookie', async () => {
    const findings = await audit((_req, res) => void res.end('{}'));
    expect(findings.map((f) => f.verdict)).toEqual(['N/A']);
  });

  it('grades cookies set by the login probe and never prints their values', async () => {
    const findings = await audit((req, res) => {
      if (req.method === 'POST' && req.url === '/login') {
        res.setHeader('set-cookie', ['sid=s3cr3t-session-value; Path=/', '__Host-ok=1; Path=/; Secure; HttpOnly; SameSite=Strict']);
        res.writeHead(401).end();
        return;
      }
      res.end('ok');
    }, '/login');
    expect(findings.find((f) => f.title === 'Cookie sid')?.verdict).toBe('FAIL');
    expect(findings.find((f) => f.title === 'Cookie __Host-ok')?.verdict).toBe('PASS');
    expect(JSON.stringify(findings)).not.toContain('s3cr3t');
  });

  it('reads cookies from an error answer to malformed JSON', async () => {
    const findings = await audit((req, res) => {
      if (req.method === 'POST') res.setHeader('set-cookie', 'auth_token=x; Path=/; SameSite=Lax');
      res.writeHead(req.method === 'POST' ? 400 : 200).end();
    });
    expect(findings.map((f) => [f.title, f.verdict])).toEqual([['Cookie auth_token', 'FAIL']]);
  });

  it('reads cookies from the target and from the not-found page', async () => {
    const findings = await audit((req, res) => {
      res.setHeader('set-cookie', req.url === '/' ? 'lang=en; SameSite=Lax' : '__Secure-track=1; SameSite=Lax');
      res.writeHead(req.url === '/' ? 200 : 404).end();
    });
    expect(findings.map((f) => [f.title, f.verdict]).sort()).toEqual([
      ['Cookie __Secure-track', 'FAIL'],
      ['Cookie lang', 'INFO'],
    ]);
  });
});
