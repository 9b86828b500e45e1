// The rate-limit subject of an anonymous request: its client address as Fastify computed it
// (`request.ip`: the socket peer, or X-Forwarded-For only from the configured trusted proxies).
// IPv4 stays as is; an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) counts as its IPv4 address;
// any other IPv6 address is grouped by its /64 prefix, because one subscriber usually owns a
// whole /64 and could otherwise rotate through 2^64 addresses to reset its limit.
// A /48 (one site, 65,536 /64s) is the coarser second key of the login and reset classes
// (`siteOfSubject`), derived from the /64 subject without parsing the address again.
import { createRequire } from 'node:module';
import type * as IpAddr from 'ipaddr.js';

// ipaddr.js is CommonJS (`export =`); loaded with require so that the strict ESM settings
// (esModuleInterop off) need no synthetic default import.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpAddr;

/** `a:b:c:d::/64` written from the first four 16-bit groups of an IPv6 address. */
function prefix64(parts: readonly number[]): string {
  return `${(parts[0] ?? 0).toString(16)}:${(parts[1] ?? 0).toString(16)}:${(parts[2] ?? 0).toString(16)}:${(parts[3] ?? 0).toString(16)}::/64`;
}

/** The subject string for an address; an unparsable value is kept verbatim (bounded). */
export function addressSubject(ip: string): string {
  // Fast path: a dotted IPv4 address (what most requests carry) needs no parsing.
  if (!ip.includes(':')) return ip;
  let parsed: IpAddr.IPv4 | IpAddr.IPv6;
  try {
    // `process` turns an IPv4-mapped IPv6 address into the IPv4 address.
    parsed = ipaddr.process(ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip);
  } catch {
    return ip.length > 64 ? ip.slice(0, 64) : ip;
  }
  return parsed.kind() === 'ipv4' ? parsed.toString() : prefix64((parsed as IpAddr.IPv6).parts);
}

const SUBJECT_64_SUFFIX = '::/64';

/** The /48 of an IPv6 /64 subject (`2001:db8:1:2::/64` -> `2001:db8:1::/48`); undefined for an
 * IPv4 subject or anything else that is not a /64 written by `addressSubject`. */
export function siteOfSubject(subject: string): string | undefined {
  if (!subject.endsWith(SUBJECT_64_SUFFIX)) return undefined;
  const first = subject.indexOf(':');
  const second = subject.indexOf(':', first + 1);
  const third = second === -1 ? -1 : subject.indexOf(':', second + 1);
  if (first <= 0 || second === -1 || third === -1) return undefined;
  return `${subject.slice(0, third)}::/48`;
}
