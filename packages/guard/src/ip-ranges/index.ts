// Lists of IP addresses and CIDRs (a rate-limit class's allow list, the IP entries of
// allowedHosts), parsed once with ipaddr.js and matched per request. A plain address is its own
// /32 or /128. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a dual-stack socket
// reports) is matched as its IPv4 address.
import { createRequire } from 'node:module';
import type * as IpAddr from 'ipaddr.js';

// ipaddr.js is CommonJS without a default export in its types.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpAddr;

type Address = IpAddr.IPv4 | IpAddr.IPv6;
type Range = [Address, number];

/** A compiled list; `includes` takes an address as Node or a Host header writes it. */
export interface AddressRanges {
  readonly size: number;
  includes(address: string): boolean;
}

/** The range of one entry (`10.0.0.0/8`, `fd00::/8`, `192.0.2.1`, `::1`), or undefined when it
 * is not an address or CIDR. Four-part decimal IPv4 only (ipaddr.js also takes `127.1`). */
export function parseRange(entry: string): Range | undefined {
  const text = entry.trim();
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(text) || ipaddr.IPv6.isValidCIDR(text)) {
    const [address, bits] = ipaddr.parseCIDR(text);
    return [address, bits];
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return [ipaddr.IPv4.parse(text), 32];
  if (ipaddr.IPv6.isValid(text)) return [ipaddr.IPv6.parse(text), 128];
  return undefined;
}

/** True for an entry that is an address or CIDR (for the policy validator). */
export function isAddressOrRange(entry: string): boolean {
  return parseRange(entry) !== undefined;
}

/** True for a CIDR that covers a whole address family (`0.0.0.0/0`, `::/0`). */
export function coversEverything(entry: string): boolean {
  const range = parseRange(entry);
  return range !== undefined && range[1] === 0;
}

/** Four-part decimal without leading zeros (ipaddr.js would read `010` as octal). */
const FOUR_PART_DECIMAL = /^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/;

/** The address of `value` (IPv6 may be bracketed, as in a Host header; IPv4-mapped IPv6 as
 * IPv4), or undefined. Parsed once (this runs per request): no isValid-then-parse. */
export function parseAddress(value: string): Address | undefined {
  const bracketed = value.startsWith('[') && value.endsWith(']');
  const text = bracketed ? value.slice(1, -1) : value;
  try {
    if (!bracketed && FOUR_PART_DECIMAL.test(text)) return ipaddr.IPv4.parse(text); // throws for an octet > 255
    if (!text.includes(':')) return undefined;
    const v6 = ipaddr.IPv6.parse(text);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  } catch {
    return undefined;
  }
}

export function compileAddressRanges(entries: readonly string[], setting: string): AddressRanges {
  const v4: Range[] = [];
  const v6: Range[] = [];
  for (const entry of entries) {
    const range = parseRange(entry);
    if (range === undefined) throw new TypeError(`${setting}: "${entry}" is not an IP address or CIDR`);
    (range[0].kind() === 'ipv4' ? v4 : v6).push(range);
  }
  const size = v4.length + v6.length;
  return {
    size,
    includes(value) {
      if (size === 0) return false;
      const address = parseAddress(value);
      if (address === undefined) return false;
      const ranges = address.kind() === 'ipv4' ? v4 : v6;
      // match() wants both sides of one kind; the lists are split by kind above.
      for (const range of ranges) if (address.match(range as [typeof address, number])) return true;
      return false;
    },
  };
}
