// `allowPrivate`: the explicit exceptions to "public unicast only". Three kinds of entry:
// - an origin, `https://idp.internal:8443`: exactly that scheme, host and port may be reached,
//   whatever it resolves to and whatever `allowedPorts` and `allowedSchemes` say (an OIDC
//   verifier allows its issuer; a development import source may be http://127.0.0.1:4000);
// - `host:port`, `idp.internal:8443`: that host and port over either allowed scheme;
// - an address or CIDR, `10.0.0.0/8`, `fd00::/8`, `10.1.2.3`: those addresses may be connected
//   to (on an allowed port), whichever host name led there.
import { isIP } from 'node:net';
import type * as IpAddr from 'ipaddr.js';
import { parseAddress, unbracket } from './address.js';

interface AllowedOrigin {
  /** `http:` / `https:`, or undefined for a `host:port` entry (either scheme). */
  readonly protocol: string | undefined;
  readonly hostname: string;
  readonly port: number;
}

export interface AllowList {
  /** The origin itself is allowed (host name as written in the URL, lowercase). An origin entry
   * allows its own scheme; a `host:port` entry only the `schemes` given (default: either). */
  originAllowed(protocol: string, hostname: string, port: number, schemes?: readonly string[]): boolean;
  /** The address is inside one of the allowed ranges. */
  addressAllowed(address: string): boolean;
}

export function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}

function parseOrigin(entry: string): AllowedOrigin {
  const url = new URL(entry);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`allowPrivate: ${entry} is not an http(s) origin`);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new TypeError(`allowPrivate: ${entry} must be an origin only (scheme, host, optional port), without path, query or credentials`);
  }
  return { protocol: url.protocol, hostname: unbracket(url.hostname), port: url.port ? Number(url.port) : defaultPort(url.protocol) };
}

function parseHostPort(entry: string): AllowedOrigin {
  if (!/:\d{1,5}$/.test(entry)) throw new TypeError(`allowPrivate: ${entry} is not a CIDR, an address, host:port or an origin`);
  const url = new URL(`http://${entry}`);
  if (url.pathname !== '/' || url.username || url.search) throw new TypeError(`allowPrivate: ${entry} is not host:port`);
  return { protocol: undefined, hostname: unbracket(url.hostname), port: url.port ? Number(url.port) : 80 };
}

function parseRange(entry: string): [IpAddr.IPv4 | IpAddr.IPv6, number] {
  const [address = '', bits] = entry.split('/');
  const ip = parseAddress(address);
  if (ip === undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
    throw new TypeError(`allowPrivate: ${entry} is not a valid address or CIDR`);
  }
  const max = ip.kind() === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  // An IPv4-mapped CIDR (::ffff:10.0.0.0/104) counts as its IPv4 range.
  const v4Prefix = ip.kind() === 'ipv4' && address.includes(':') ? prefix - 96 : prefix;
  if (v4Prefix < 0 || v4Prefix > max) throw new TypeError(`allowPrivate: ${entry} has a prefix length outside 0-${max}`);
  return [ip, v4Prefix];
}

export function createAllowList(entries: readonly string[]): AllowList {
  const origins: AllowedOrigin[] = [];
  const ranges: [IpAddr.IPv4 | IpAddr.IPv6, number][] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry.includes('://')) origins.push(parseOrigin(entry));
    else if (entry.includes('/') || isIP(unbracket(entry)) !== 0) ranges.push(parseRange(unbracket(entry)));
    else origins.push(parseHostPort(entry));
  }
  return {
    originAllowed(protocol, hostname, port, schemes) {
      const host = unbracket(hostname.toLowerCase());
      const schemeMatches = (o: AllowedOrigin): boolean => (o.protocol === undefined ? (schemes?.includes(protocol) ?? true) : o.protocol === protocol);
      return origins.some((o) => schemeMatches(o) && o.hostname === host && o.port === port);
    },
    addressAllowed(address) {
      const ip = parseAddress(address);
      if (ip === undefined) return false;
      return ranges.some(([base, bits]) => base.kind() === ip.kind() && ip.match(base, bits));
    },
  };
}
