// Host allow list: a request whose Host (or X-Forwarded-Host from a trusted proxy, as Fastify
// computes `request.host`) is not on `policy.allowedHosts` is refused with 400 before anything
// else runs. Entries are exact names (case-insensitive, port ignored) or `*.example.com`, which
// matches exactly ONE whole label in front of `.example.com` (like a TLS wildcard certificate):
// `a.example.com` yes; `example.com`, `a.b.example.com`, `evilexample.com` and
// `a.example.com.evil.test` no. IP addresses and CIDRs (`10.0.0.0/8`, `fd00::/8`) match a Host
// that is an IP literal (`10.1.2.3:8080`, `[fd00::1]`): load-balancer and kubelet probes send
// the pod IP. Everything is compiled once; the per-request path only slices the port off and
// does Set look-ups (an IP literal is parsed only when the list has ranges).
// A route with `config.hostExempt: true` skips the allow list (the request target and repeated
// Host fields are still checked: they are framing, not the allow list).
import type { FastifyRequest } from 'fastify';
import { GuardError } from '../errors/index.js';
import { compileAddressRanges, isAddressOrRange, type AddressRanges } from '../ip-ranges/index.js';
import type { GuardPolicy, LayerCheck } from '../policy/types.js';
import { cachedRouteGuardConfig } from '../route-policy/index.js';

/** A DNS label: letters, digits, hyphens inside, 1..63 characters (compiled once). */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A host name as written in the allow list (labels, or an IPv4 literal). */
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** An IPv6 literal in brackets, as it appears in a Host header. */
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/;

const CODE_0 = 48;
const CODE_9 = 57;
const COLON = 58;

/** Compiled allow list: exact names, the suffixes (`.example.com`) of wildcard entries, and
 * the CIDR entries. */
export interface HostAllowList {
  readonly exact: ReadonlySet<string>;
  readonly wildcardSuffixes: ReadonlySet<string>;
  readonly ranges: AddressRanges;
}

/** Normalises and validates every allow-list entry; throws at start for a malformed one. */
export function compileHostAllowList(entries: readonly string[]): HostAllowList {
  const exact = new Set<string>();
  const wildcardSuffixes = new Set<string>();
  const cidrs: string[] = [];
  for (const raw of entries) {
    let entry = raw.trim().toLowerCase();
    if (entry.includes('/')) {
      if (!isAddressOrRange(entry)) throw new TypeError(`allowedHosts: "${raw}" is not a host name, IP address or CIDR (write "api.example.com", "*.example.com" or "10.0.0.0/8")`);
      cidrs.push(entry);
      continue;
    }
    // An unbracketed IPv6 address (`::1`) is written the way Host carries it (`[::1]`).
    if (entry.includes(':') && !entry.startsWith('[')) entry = `[${entry}]`;
    if (entry.startsWith('*.')) {
      const suffix = entry.slice(1);
      if (!HOST_NAME.test(suffix.slice(1))) throw new TypeError(`allowedHosts: "${raw}" is not a valid wildcard host`);
      wildcardSuffixes.add(suffix);
    } else if (HOST_NAME.test(entry) || IPV6_LITERAL.test(entry)) {
      exact.add(entry);
    } else {
      throw new TypeError(`allowedHosts: "${raw}" is not a host name (write "api.example.com" or "*.example.com")`);
    }
  }
  return { exact, wildcardSuffixes, ranges: compileAddressRanges(cidrs, 'allowedHosts') };
}

/** The name part of a Host value, lower-cased, or undefined when the value is malformed
 * (empty, a bad port, more than one colon outside brackets). */
export function hostNameOf(host: string): string | undefined {
  if (host.length === 0 || host.length > 260) return undefined;
  let end = host.length;
  if (host.charCodeAt(0) === 91 /* [ */) {
    end = host.indexOf(']') + 1;
    if (end === 0) return undefined;
    if (end < host.length && !isPort(host, end)) return undefined;
  } else {
    const colon = host.indexOf(':');
    if (colon !== -1) {
      if (!isPort(host, colon)) return undefined;
      end = colon;
    }
  }
  if (end === 0) return undefined;
  return (end === host.length ? host : host.slice(0, end)).toLowerCase();
}

/** `:` followed by a port number 1..65535 (1..5 digits) up to the end of the string. */
function isPort(host: string, colon: number): boolean {
  if (host.charCodeAt(colon) !== COLON) return false;
  const digits = host.length - colon - 1;
  if (digits < 1 || digits > 5) return false;
  let port = 0;
  for (let i = colon + 1; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c < CODE_0 || c > CODE_9) return false;
    port = port * 10 + (c - CODE_0);
  }
  return port >= 1 && port <= 65535;
}

/** More than one Host header field (RFC 9112 section 3.2: the server must answer 400). Node keeps
 * only the first in `headers`; `rawHeaders` still has every field, as name/value pairs. */
export function hasSeveralHostFields(rawHeaders: readonly string[]): boolean {
  let seen = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length === 4 && name.toLowerCase() === 'host') {
      if (seen) return true;
      seen = true;
    }
  }
  return false;
}

/** Only origin-form targets (`/path?query`) are served. An absolute-form target
 * (`GET http://evil.test/x`) names an authority that Host does not, and asterisk-form (`*`) names
 * no resource; refusing both keeps the Host check the only place the authority is decided. */
export function isOriginForm(target: string | undefined): boolean {
  return target !== undefined && target.charCodeAt(0) === 47 /* / */;
}

/** True when `name` (already lower-cased, port removed) is on the compiled list. */
export function isHostAllowed(list: HostAllowList, name: string): boolean {
  if (list.exact.has(name)) return true;
  if (list.ranges.size > 0 && isIpLiteral(name)) return list.ranges.includes(name);
  if (list.wildcardSuffixes.size === 0) return false;
  const dot = name.indexOf('.');
  if (dot <= 0) return false;
  return list.wildcardSuffixes.has(name.slice(dot)) && DNS_LABEL.test(name.slice(0, dot));
}

/** `[...]` or a name starting with a digit (an IPv4 literal; DNS names may too, the range
 * matcher then finds no address). */
function isIpLiteral(name: string): boolean {
  const first = name.charCodeAt(0);
  return first === 91 /* [ */ || (first >= CODE_0 && first <= CODE_9);
}

/** The hosts layer: 400 `host_not_allowed` for a missing, malformed, repeated or unlisted Host,
 * and for a request target that is not in origin form. */
export function createHostsLayer(policy: GuardPolicy): LayerCheck {
  const list = compileHostAllowList(policy.allowedHosts);
  return function checkHost(request: FastifyRequest): GuardError | undefined {
    if (!isOriginForm(request.raw.url) || hasSeveralHostFields(request.raw.rawHeaders)) return new GuardError('RAMPART_ERR_HOST_NOT_ALLOWED');
    if (cachedRouteGuardConfig(request)?.hostExempt === true) return undefined;
    // `request.host` is Host, or X-Forwarded-Host when the peer is a trusted proxy.
    const host = request.host;
    const name = typeof host === 'string' ? hostNameOf(host) : undefined;
    if (name !== undefined && isHostAllowed(list, name)) return undefined;
    return new GuardError('RAMPART_ERR_HOST_NOT_ALLOWED');
  };
}
