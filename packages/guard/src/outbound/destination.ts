// The checks that need no connection, run on the first URL and on every redirect target:
// scheme, port, and an address literal in the host. (WHATWG URL parsing has already turned
// http://2130706433/, http://0x7f.1/ and http://0177.0.0.1/ into http://127.0.0.1/.)
import { isIP } from 'node:net';
import { defaultPort, type AllowList } from './allow-list.js';
import { unbracket } from './address.js';
import { SafeFetchError } from './errors.js';
import { addressRefusal } from './lookup.js';
import type { ResolvedSafeFetchOptions } from './options.js';

export function parseTarget(input: string | URL): URL {
  const url = URL.parse(String(input));
  if (url === null) throw new SafeFetchError('invalid_url', 'the URL is not a valid absolute URL');
  return url;
}

export function checkDestination(url: URL, options: ResolvedSafeFetchOptions, allowList: AllowList): void {
  const web = url.protocol === 'http:' || url.protocol === 'https:';
  const port = url.port ? Number(url.port) : defaultPort(url.protocol);
  const host = unbracket(url.hostname);
  // An allowed origin names its scheme itself (http://127.0.0.1:4000 with https-only schemes).
  if (web && allowList.originAllowed(url.protocol, host, port, options.allowedSchemes)) return;
  if (!options.allowedSchemes.includes(url.protocol)) {
    throw new SafeFetchError('scheme_refused', `scheme ${url.protocol} is not allowed (allowed: ${options.allowedSchemes.join(', ')})`);
  }
  if (!options.allowedPorts.includes(port)) {
    throw new SafeFetchError('port_refused', `port ${port} is not allowed (allowed: ${options.allowedPorts.join(', ')})`);
  }
  if (isIP(host) !== 0) {
    const refusal = addressRefusal(host, host, (address) => allowList.addressAllowed(address));
    if (refusal !== undefined) throw refusal;
  }
}
