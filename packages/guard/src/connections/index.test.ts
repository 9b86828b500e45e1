// Slow-header descriptor exhaustion, on a real listening server: one address may not hold more
// than its share of connections, and a request that times out has its socket destroyed even when
// the client never reads and keeps trickling bytes.
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { GuardPolicyInput } from '../policy/types.js';
import { buildGuardedApp } from '../test-support/guard-core-app.js';
import { trustedProxyMatcher } from './index.js';

const HOST = 'api.example.com';
let app: FastifyInstance | undefined;
const sockets: Socket[] = [];
const timers: NodeJS.Timeout[] = [];

afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  for (const socket of sockets.splice(0)) socket.destroy();
  await app?.close();
  app = undefined;
});

async function start(policy: GuardPolicyInput): Promise<number> {
  const built = await buildGuardedApp({ allowedHosts: [HOST, '127.0.0.1'], ...policy }, (a) => {
    const schema = { response: { 200: { type: 'object', additionalProperties: false, properties: { ok: { type: 'boolean' } } } } };
    a.get('/ok', { config: { access: 'public', rateLimit: 'public' }, schema }, async () => ({ ok: true }));
  });
  app = built.app;
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as { port: number }).port;
}

/** A connection that sends half a request head, then one header byte every `everyMs`, and never
 * reads what the server answers. Resolves `closed` when the server ends it. */
function slowHeaders(port: number, everyMs: number): { closed: Promise<void> } {
  const socket = connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  socket.pause(); // never read
  socket.on('error', () => undefined);
  socket.write(`GET /ok HTTP/1.1\r\nHost: ${HOST}\r\nX-Slow: `);
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write('a');
  }, everyMs);
  timers.push(timer);
  return { closed: new Promise((resolve) => socket.once('close', () => resolve())) };
}

function idleConnection(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    socket.on('error', () => undefined);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

async function get(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/ok`);
  await response.arrayBuffer();
  return response.status;
}

describe('connections layer on a real socket', () => {
  it('destroys slow-header connections once the headers timeout answered them, then serves a normal request', async () => {
    const port = await start({ connections: { maxPerAddress: 50, headersTimeoutMs: 300, requestTimeoutMs: 600 } });
    const slow = Array.from({ length: 30 }, () => slowHeaders(port, 100));
    // headersTimeout (0.3 s) + Node's checking interval (1 s) + the answer's grace (1 s), with slack.
    const allClosed = await within(Promise.all(slow.map((s) => s.closed)), 6_000);
    expect(allClosed).toBe(true);
    expect(await get(port)).toBe(200);
  });

  it('refuses connections from one address beyond maxPerAddress, and admits again when they close', async () => {
    const port = await start({ connections: { maxPerAddress: 5, headersTimeoutMs: 10_000, requestTimeoutMs: 20_000 } });
    const held = await Promise.all(Array.from({ length: 5 }, () => idleConnection(port)));
    const extra = await idleConnection(port);
    expect(await within(extra.closed, 2_000)).toBe(true); // destroyed by the server at once
    for (const { closed } of held) expect(await within(closed, 50)).toBe(false); // the first five stay
    await expect(get(port)).rejects.toThrow(); // a sixth request is refused while five are held
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await get(port)).toBe(200);
  });

  it('does not count connections from a trusted proxy (every client behind it shares its address)', async () => {
    const port = await start({ trustProxy: ['127.0.0.1'], connections: { maxPerAddress: 2, headersTimeoutMs: 10_000, requestTimeoutMs: 20_000 } });
    const held = await Promise.all(Array.from({ length: 6 }, () => idleConnection(port)));
    for (const { closed } of held) expect(await within(closed, 100)).toBe(false);
    expect(await get(port)).toBe(200);
  });
});

describe('trustedProxyMatcher', () => {
  it('matches listed addresses and CIDRs, IPv4-mapped IPv6 included', () => {
    const trusted = trustedProxyMatcher(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
    expect(trusted('10.1.2.3')).toBe(true);
    expect(trusted('::ffff:10.1.2.3')).toBe(true);
    expect(trusted('192.0.2.7')).toBe(true);
    expect(trusted('2001:db8:1::1')).toBe(true);
    expect(trusted('192.0.2.8')).toBe(false);
    expect(trusted('11.0.0.1')).toBe(false);
    expect(trusted('not an address')).toBe(false);
  });

  it('trusts everyone only for `true`, nobody for a hop count or an empty list', () => {
    expect(trustedProxyMatcher(true)('203.0.113.1')).toBe(true);
    expect(trustedProxyMatcher(2)('203.0.113.1')).toBe(false);
    expect(trustedProxyMatcher([])('203.0.113.1')).toBe(false);
  });
});
