// Connection-level limits that no request hook can enforce: at most `maxPerAddress` open
// connections from one client address (IPv6 grouped by /64, as the rate limiter groups it), so
// one client cannot hold every file descriptor with slow, never-finished requests. Trusted
// proxies are exempt: every client behind them shares their address. The count lives on the
// server's `connection` and socket `close` events; an over-limit socket is destroyed at once,
// before Node parses a byte of it.
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type * as ProxyAddr from '@fastify/proxy-addr';
import type { GuardPolicy } from '../policy/types.js';
import { addressSubject } from '../rate-limit/client-address.js';

// @fastify/proxy-addr is CommonJS (`export =`), loaded with require as ipaddr.js is elsewhere. It
// is the matcher Fastify itself compiles `trustProxy` with, so "trusted" means the same here.
const proxyAddr = createRequire(import.meta.url)('@fastify/proxy-addr') as typeof ProxyAddr;

/** True for a peer address that is one of the policy's trusted proxies (`trustProxy`). */
export function trustedProxyMatcher(trustProxy: GuardPolicy['trustProxy']): (address: string) => boolean {
  if (trustProxy === true) return () => true;
  if (!Array.isArray(trustProxy) || trustProxy.length === 0) return () => false;
  const trusts = proxyAddr.compile([...trustProxy]);
  return (address) => trusts(address, 0);
}

export interface ConnectionCounter {
  /** Open connections currently counted for the address's group. */
  openFrom(address: string): number;
}

export function limitConnectionsPerAddress(server: Server, maxPerAddress: number, isExempt: (address: string) => boolean): ConnectionCounter {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined) {
      socket.destroy();
      return;
    }
    if (isExempt(address)) return;
    const key = addressSubject(address);
    const count = open.get(key) ?? 0;
    if (count >= maxPerAddress) {
      socket.destroy();
      return;
    }
    open.set(key, count + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    });
  });
  return { openFrom: (address) => open.get(addressSubject(address)) ?? 0 };
}
