// Which addresses an outbound request may reach: public unicast only. ipaddr.js names the
// special-purpose ranges (RFC 6890 and successors); everything it does not call `unicast` is
// refused. Addresses that embed an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, NAT64
// 64:ff9b::a.b.c.d) are judged by the IPv4 address they embed.
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import type * as IpAddr from 'ipaddr.js';

// ipaddr.js is CommonJS (`export =`); loaded with require (esModuleInterop is off).
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpAddr;

/** 2000::/3: the only IPv6 space allocated for global unicast; ipaddr.js calls the rest `unicast` too. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
/** 64:ff9b::/96, the well-known NAT64 prefix (its /48 sibling for local use is refused outright). */
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

/** Strips the brackets of a URL's IPv6 host (`[::1]` -> `::1`). */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Parses an address, IPv4-mapped IPv6 becoming its IPv4 address; undefined when not an address.
 * Only the canonical forms count (node:net's isIP): ipaddr.js would also read `0x7f.1`. */
export function parseAddress(address: string): IpAddr.IPv4 | IpAddr.IPv6 | undefined {
  const text = unbracket(address);
  const version = isIP(text);
  if (version === 0) return undefined;
  // ipaddr.js reads a dotted tail after any zeros as IPv4-mapped (`::8.8.8.8` as
  // `::ffff:8.8.8.8`); the WHATWG serialisation (`::808:808`) is what a socket connects to.
  const parsed = ipaddr.parse(version === 6 ? unbracket(new URL(`http://[${text}]/`).hostname) : text);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as IpAddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  }
  return parsed;
}

function v4Range(ip: IpAddr.IPv4): string | undefined {
  const range = ip.range();
  return range === 'unicast' ? undefined : range;
}

/** The name of the non-public range `address` is in, or undefined for a public unicast address. */
export function refusedRange(address: string): string | undefined {
  const ip = parseAddress(address);
  if (ip === undefined) return 'invalid';
  if (ip.kind() === 'ipv4') return v4Range(ip as IpAddr.IPv4);
  const v6 = ip as IpAddr.IPv6;
  const range = v6.range();
  if (range === 'rfc6052') {
    if (!v6.match(NAT64_WELL_KNOWN)) return range;
    const bytes = v6.toByteArray().slice(12);
    const embedded = v4Range(ipaddr.fromByteArray(bytes) as IpAddr.IPv4);
    return embedded === undefined ? undefined : `nat64 of ${embedded}`;
  }
  if (range !== 'unicast') return range;
  // ::a.b.c.d, the deprecated IPv4-compatible form (RFC 4291): never a real destination.
  if (v6.parts.slice(0, 6).every((part) => part === 0)) return 'ipv4Compatible';
  if (!v6.match(GLOBAL_UNICAST_V6)) return 'reserved';
  return undefined;
}

export function isPublicAddress(address: string): boolean {
  return refusedRange(address) === undefined;
}

export { ipaddr };
