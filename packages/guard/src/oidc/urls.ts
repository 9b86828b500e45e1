// URL rules shared by the options check and discovery.
import { createRequire } from 'node:module';
import type * as IpAddr from 'ipaddr.js';

// ipaddr.js is CommonJS without a default export in its types.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpAddr;

/** `localhost` or a loopback address (127.0.0.0/8, ::1): plain http is tolerated there only. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

/** https, or http to a loopback host; no credentials in the URL. */
export function isAcceptableProviderUrl(url: URL): boolean {
  const scheme = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
  return scheme && url.username === '' && url.password === '';
}
