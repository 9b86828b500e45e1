// The address is checked at connect time, on the address connected to: a resolver that
// changes its answer (DNS rebinding) gets no second, unchecked resolution.
import type { LookupAddress } from 'node:dns';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../../test-support/http-server.js';
import { createSafeFetch, type SafeFetch } from './safe-fetch.js';
import type { SafeFetchLookup } from './lookup.js';

let victim: TestServer;
const opened: SafeFetch[] = [];

beforeAll(async () => {
  // Connection: close, so that every request needs a new connection (and a new lookup).
  victim = await startServer((_request, response) => response.setHeader('connection', 'close').end('reached'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.close()));
  victim.seen.length = 0;
});
afterAll(async () => {
  await victim?.close();
});

/** A resolver answering each call with the next list of addresses (the last one repeats). */
function changingResolver(...answers: string[][]): SafeFetchLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const answer = answers[Math.min(calls.length, answers.length) - 1] ?? [];
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

function fetchWith(lookup: SafeFetchLookup, allowPrivate: string[] = []): SafeFetch {
  const f = createSafeFetch({ lookup, allowPrivate, allowedPorts: [Number(victim.url.port)], timeoutMs: 2000, env: {} });
  opened.push(f);
  return f;
}

describe('connect-time address check', () => {
  it('a public first answer and 127.0.0.1 second: one resolution per connection, the loopback one refused', async () => {
    // 93.184.215.14 stands for a public address; without internet that connection fails, with
    // internet it reaches that host. Either way the loopback victim must not be reached.
    const lookup = changingResolver(['93.184.215.14'], ['127.0.0.1']);
    const safeFetch = fetchWith(lookup);
    const url = `http://rebind.example:${victim.url.port}/`;
    await expect(safeFetch(url)).rejects.toMatchObject({ name: 'SafeFetchError' });
    expect(lookup.calls).toEqual(['rebind.example']);
    await expect(safeFetch(url)).rejects.toMatchObject({ code: 'address_refused' });
    expect(lookup.calls).toHaveLength(2);
    expect(victim.seen).toHaveLength(0);
  });

  it('an allowed first answer then 127.0.0.1: the first request succeeds, the next connection is refused', async () => {
    // 127.0.0.1 is "public" here only for the first answer's sake: the allow list names it, and
    // the rebinding answer is the cloud metadata address, then the IPv6 loopback.
    const lookup = changingResolver(['127.0.0.1'], ['169.254.169.254'], ['::1']);
    const safeFetch = fetchWith(lookup, ['127.0.0.1/32']);
    const url = `http://rebind.example:${victim.url.port}/`;
    expect(await (await safeFetch(url)).text()).toBe('reached');
    await expect(safeFetch(url)).rejects.toMatchObject({ code: 'address_refused' });
    await expect(safeFetch(url)).rejects.toMatchObject({ code: 'address_refused' });
    expect(lookup.calls).toHaveLength(3);
    expect(victim.seen).toHaveLength(1);
  });

  it('a name with one public and one private address is refused as a whole', async () => {
    const lookup = changingResolver(['93.184.215.14', '127.0.0.1']);
    await expect(fetchWith(lookup)(`http://mixed.example:${victim.url.port}/`)).rejects.toMatchObject({ code: 'address_refused' });
    expect(victim.seen).toHaveLength(0);
  });

  it.each([['10.0.0.1'], ['::ffff:127.0.0.1'], ['fe80::1'], ['100.64.0.1'], ['0.0.0.0'], ['::']])(
    'a name resolving to %s is refused',
    async (address) => {
      await expect(fetchWith(changingResolver([address]))(`http://name.example:${victim.url.port}/`)).rejects.toMatchObject({ code: 'address_refused' });
      expect(victim.seen).toHaveLength(0);
    },
  );

  it('a name without an address is a network error, not a hang', async () => {
    await expect(fetchWith(changingResolver([]))(`http://nothing.example:${victim.url.port}/`)).rejects.toMatchObject({ code: 'network_error' });
  });

  it('an allowed host:port entry reaches its private address by name', async () => {
    const lookup = changingResolver(['127.0.0.1']);
    const safeFetch = createSafeFetch({ lookup, allowPrivate: [`idp.internal:${victim.url.port}`], env: {} });
    opened.push(safeFetch);
    expect((await safeFetch(`http://idp.internal:${victim.url.port}/`)).status).toBe(200);
    expect(victim.seen).toHaveLength(1);
  });
});
