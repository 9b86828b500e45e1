import { createServer, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { worstVerdict } from '../fixtures/verdict.js';
import { parseSecurityTxt, SECURITY_TXT_PATH, securityTxtCheck, securityTxtProblems } from './security-txt.js';

let open: Listening[] = [];
let contexts: ProbeContext[] = [];
afterEach(async () => {
  await Promise.all([...open.map((s) => s.close()), ...contexts.map((c) => c.close())]);
  open = [];
  contexts = [];
});

async function audit(handler: RequestListener) {
  const server = await listen(createServer(handler));
  open.push(server);
  const context = createProbeContext(server.url);
  contexts.push(context);
  return securityTxtCheck.run(context);
}

const serve =
  (text: string, contentType = 'text/plain; charset=utf-8'): RequestListener =>
  (req, res) => {
    if (req.url === SECURITY_TXT_PATH) return void res.writeHead(200, { 'content-type': contentType }).end(text);
    res.writeHead(404).end();
  };

const now = new Date('2026-06-01T00:00:00Z');
const verdictOf = (text: string) => worstVerdict([{ verdict: 'PASS' }, ...securityTxtProblems(parseSecurityTxt(text), now)]);

describe('security.txt parsing (RFC 9116)', () => {
  it.each([
    ['Contact: mailto:security@example.com\nExpires: 2026-12-31T23:59:59Z\n', 'PASS'],
    ['# comment\ncontact: https://example.com/report\nEXPIRES: 2026-12-31T23:59:59+02:00\n', 'PASS'],
    ['Contact: mailto:a@example.com\n', 'FAIL'],
    ['Expires: 2026-12-31T23:59:59Z\n', 'FAIL'],
    ['Contact: mailto:a@example.com\nExpires: 2026-01-01T00:00:00Z\n', 'FAIL'],
    ['Contact: mailto:a@example.com\nExpires: next year\n', 'FAIL'],
    ['Contact: mailto:a@example.com\nExpires: 2026-12-31\n', 'FAIL'],
    ['Contact: mailto:a@example.com\nExpires: 2026-12-31T23:59:59Z\nExpires: 2026-11-30T23:59:59Z\n', 'FAIL'],
    ['Contact: mailto:a@example.com\nExpires: 2029-12-31T23:59:59Z\n', 'WARN'],
    ['Contact: http://example.com/report\nExpires: 2026-12-31T23:59:59Z\n', 'WARN'],
    ['Contact: security@example.com\nExpires: 2026-12-31T23:59:59Z\n', 'WARN'],
    ['<html><body>Contact: us</body></html>', 'FAIL'],
  ] as const)('%j -> %s', (text, expected) => {
    expect(verdictOf(text)).toBe(expected);
  });

  it('reads a PGP cleartext-signed file, with dash-escaped lines', () => {
    const signed = [
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA256',
      '',
      'Contact: mailto:security@example.com',
      '- Expires: 2026-12-31T23:59:59Z',
      '-----BEGIN PGP SIGNATURE-----',
      'Contact: mailto:not-this@example.com',
      '-----END PGP SIGNATURE-----',
    ].join('\n');
    const parsed = parseSecurityTxt(signed);
    expect(parsed.signed).toBe(true);
    expect(parsed.fields.get('contact')).toEqual(['mailto:security@example.com']);
    expect(verdictOf(signed)).toBe('PASS');
  });
});

describe('security-txt check', () => {
  const valid = `Contact: mailto:security@example.com\nExpires: ${new Date(Date.now() + 90 * 86_400_000).toISOString()}\n`;

  it('passes a valid file', async () => {
    expect(worstVerdict(await audit(serve(valid)))).toBe('PASS');
  });

  it('warns when the file is missing', async () => {
    const findings = await audit((_req, res) => void res.writeHead(404).end());
    expect(findings.map((f) => [f.title, f.verdict])).toEqual([['No security.txt', 'WARN']]);
  });

  it('treats a catch-all 200 page as missing', async () => {
    const findings = await audit((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>app</html>'));
    expect(findings.map((f) => f.title)).toEqual(['No security.txt']);
  });

  it('fails an expired file and warns about the wrong content type', async () => {
    const findings = await audit(serve('Contact: mailto:a@example.com\nExpires: 2020-01-01T00:00:00Z\n', 'text/html'));
    expect(findings.find((f) => f.title === 'security.txt has expired')?.verdict).toBe('FAIL');
    expect(findings.find((f) => f.title === 'security.txt is not text/plain')?.verdict).toBe('WARN');
  });

  it('survives a binary or enormous file', async () => {
    const findings = await audit(serve(Buffer.from([0, 255, 10, 58, 58]).toString('latin1').repeat(200_000)));
    expect(worstVerdict(findings)).toBe('FAIL');
  });
});
