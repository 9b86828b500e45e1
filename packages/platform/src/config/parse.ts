// Parsers for single environment values. Each returns the parsed value, or records an issue
// (naming the variable and the fix) and returns undefined. None echoes a secret back.
import { isIP } from 'node:net';
import type { IssueList } from './errors.js';

export type Mode = 'development' | 'production';

export function splitList(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function parseMode(name: string, raw: string | undefined, issues: IssueList): Mode {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'development') return 'development';
  if (value === 'production') return 'production';
  issues.add(name, 'must be "development" or "production"', `set ${name}=production or ${name}=development`);
  // An unknown mode is treated as production so that no check is skipped while reporting.
  return 'production';
}

export function parseInteger(
  name: string,
  raw: string | undefined,
  fallback: number,
  range: { min: number; max: number },
  issues: IssueList,
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim();
  if (!/^\d{1,10}$/.test(value) || Number(value) < range.min || Number(value) > range.max) {
    issues.add(name, `must be a whole number from ${range.min} to ${range.max}`, `set ${name} to e.g. ${fallback}`);
    return fallback;
  }
  return Number(value);
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS name or IP literal, lower-cased; `*.` prefix allowed when `wildcard`. */
export function isHostName(value: string, wildcard: boolean): boolean {
  if (value.length === 0 || value.length > 253) return false;
  if (isIP(value) !== 0) return true;
  if (value.startsWith('[') && value.endsWith(']')) return isIP(value.slice(1, -1)) === 6;
  const labels = (wildcard && value.startsWith('*.') ? value.slice(2) : value).split('.');
  return labels.every((label) => LABEL.test(label));
}

/** `10.0.0.0/8`, `fd00::/8`: an address with a prefix length its family allows. */
export function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  const maxPrefix = family === 6 ? 128 : 32;
  return family !== 0 && prefix !== undefined && rest.length === 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix;
}

/** Host names, IP addresses, and CIDRs (a probe sends the pod IP as Host; guard matches it). */
export function parseHosts(name: string, raw: string | undefined, issues: IssueList): string[] {
  const hosts: string[] = [];
  for (const item of splitList(raw)) {
    const host = item.toLowerCase();
    if (!isHostName(host, true) && !isCidr(host)) {
      issues.add(
        name,
        `entry ${hosts.length + 1} is not a host name, IP address or CIDR (no scheme, port or path; "*.example.com" for subdomains, "10.0.0.0/8" for a pod network)`,
        `set ${name}=api.example.com,www.example.com`,
      );
      continue;
    }
    hosts.push(host);
  }
  return hosts;
}

/** Exact origins: scheme, host and port, nothing else. `*` and `null` are never allowed. */
export function parseOrigins(name: string, raw: string | undefined, mode: Mode, issues: IssueList): string[] {
  const origins: string[] = [];
  const fix = `set ${name}=https://app.example.com,https://admin.example.com (exact origins, comma-separated)`;
  for (const [index, item] of splitList(raw).entries()) {
    const position = `entry ${index + 1}`;
    if (item === '*' || item.toLowerCase() === 'null') {
      issues.add(name, `${position} is a wildcard or "null" origin, which would let any site read responses`, fix);
      continue;
    }
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      issues.add(name, `${position} is not an origin URL`, fix);
      continue;
    }
    const hasExtras = url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '';
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || hasExtras || (url.pathname !== '/' && url.pathname !== '')) {
      issues.add(name, `${position} must be scheme://host[:port] only, without path, query or credentials`, fix);
      continue;
    }
    if (item.replace(/\/$/, '').includes('*')) {
      issues.add(name, `${position} contains a wildcard; origins are matched exactly`, fix);
      continue;
    }
    if (mode === 'production' && url.protocol !== 'https:') {
      issues.add(name, `${position} uses http; in production only https origins are allowed`, fix);
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
}

/** Addresses or CIDRs only; `true`, `*` or hop counts would trust any client's X-Forwarded-For. */
export function parseTrustProxy(name: string, raw: string | undefined, issues: IssueList): string[] {
  const entries: string[] = [];
  for (const [index, item] of splitList(raw).entries()) {
    if (isIP(item) === 0 && !isCidr(item)) {
      issues.add(
        name,
        `entry ${index + 1} is not an IP address or CIDR (values like "true", "*" or hop counts would let any client fake its address)`,
        `set ${name}=10.0.0.5,10.1.0.0/16 (the addresses of your own proxies)`,
      );
      continue;
    }
    entries.push(item);
  }
  return entries;
}

export interface RateLimitSetting {
  readonly limit: number;
  readonly windowMs: number;
}

const WINDOWS: Readonly<Record<string, number>> = { second: 1_000, minute: 60_000, hour: 3_600_000 };

export function parseRateLimit(
  name: string,
  raw: string | undefined,
  fallback: RateLimitSetting,
  issues: IssueList,
): RateLimitSetting {
  if (raw === undefined || raw.trim() === '') return fallback;
  const match = /^(\d{1,7})\s*\/\s*(second|minute|hour)$/.exec(raw.trim().toLowerCase());
  const limit = match ? Number(match[1]) : 0;
  if (!match || limit < 1) {
    issues.add(name, 'must be "N/second", "N/minute" or "N/hour" with N from 1 to 9999999', `set ${name}=100/minute`);
    return fallback;
  }
  return { limit, windowMs: WINDOWS[match[2] as string] as number };
}

/** security.txt contacts: `mailto:` addresses or `https:` URLs. */
export function parseContacts(name: string, raw: string | undefined, issues: IssueList): string[] {
  const contacts: string[] = [];
  for (const [index, item] of splitList(raw).entries()) {
    let ok: boolean;
    try {
      const url = new URL(item);
      ok =
        (url.protocol === 'mailto:' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(url.pathname)) ||
        (url.protocol === 'https:' && url.hostname !== '');
    } catch {
      ok = false;
    }
    if (!ok) {
      issues.add(name, `entry ${index + 1} is not a mailto: or https: URI`, `set ${name}=mailto:security@example.com`);
      continue;
    }
    contacts.push(item);
  }
  return contacts;
}

/** A connection URL with one of the allowed schemes. The value is never echoed (it may hold a password). */
export function parseServiceUrl(
  name: string,
  raw: string | undefined,
  schemes: readonly string[],
  example: string,
  issues: IssueList,
): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let ok: boolean;
  try {
    const url = new URL(raw.trim());
    ok = schemes.includes(url.protocol) && url.hostname !== '';
  } catch {
    ok = false;
  }
  if (!ok) {
    issues.add(name, `is not a ${schemes.join(' or ')}// URL`, `set ${name}=${example}`);
    return undefined;
  }
  return raw.trim();
}
