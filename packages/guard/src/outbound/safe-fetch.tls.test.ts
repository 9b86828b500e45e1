// https through the checking connector: certificates are verified (a self-signed one is a
// network error unless its CA is given with `ca`), and a name is resolved through the checked
// lookup on the TLS path too.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type TestCertificate } from '../../../../test-support/tls-certificate.js';
import { createSafeFetch, type SafeFetch } from './safe-fetch.js';

let certificate: TestCertificate;
let server: Server;
let origin: string;
let requests = 0;
const opened: SafeFetch[] = [];

beforeAll(async () => {
  certificate = await makeCertificate();
  server = createServer({ cert: certificate.cert, key: certificate.key }, (_request, response) => {
    requests += 1;
    response.end('over tls');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(opened.map((f) => f.close()));
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await certificate?.remove();
});

function open(...args: Parameters<typeof createSafeFetch>): SafeFetch {
  const f = createSafeFetch(...args);
  opened.push(f);
  return f;
}

describe('https', () => {
  it('verifies certificates: a self-signed one is a network error', async () => {
    await expect(open({ allowPrivate: [origin], env: {} })(origin)).rejects.toMatchObject({ code: 'network_error' });
  });

  it('trusts the CA given with `ca`', async () => {
    const response = await open({ allowPrivate: [origin], ca: certificate.cert, env: {} })(origin);
    expect(await response.text()).toBe('over tls');
  });

  it('checks the address a name resolves to on the TLS path', async () => {
    const resolved: string[] = [];
    const lookup = async (hostname: string) => {
      resolved.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const before = requests;
    const port = Number(new URL(origin).port);
    await expect(open({ lookup, allowedPorts: [port], ca: certificate.cert, env: {} })(`https://idp.example:${port}/`)).rejects.toMatchObject({
      code: 'address_refused',
    });
    expect(resolved).toEqual(['idp.example']);
    expect(requests).toBe(before);
  });
});
