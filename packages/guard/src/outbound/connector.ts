// The undici connector of the safe fetch: every new connection is checked at connect time.
// An allowed origin connects as is; an address literal is checked before connecting; a name
// is resolved through the checked lookup; and the connected socket's peer address is checked
// once more (defense in depth, should a resolver or Node path bypass the lookup).
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import type { AllowList } from './allow-list.js';
import { defaultPort } from './allow-list.js';
import { addressRefusal, checkedLookup, type SafeFetchLookup } from './lookup.js';

export interface ConnectorSettings {
  readonly timeoutMs: number;
  /** Trusted CAs for https; undefined keeps Node's roots. */
  readonly ca: string | Buffer | (string | Buffer)[] | undefined;
}

export function createCheckedConnector(allowList: AllowList, resolve: SafeFetchLookup, settings: ConnectorSettings): buildConnector.connector {
  const addressAllowed = (address: string): boolean => allowList.addressAllowed(address);
  const base = { timeout: settings.timeoutMs, ...(settings.ca !== undefined ? { ca: settings.ca } : {}) };
  // An allowed origin may resolve to anything, but through the same resolver.
  const plain = buildConnector({ ...base, lookup: checkedLookup(resolve, () => true) });
  const checked = buildConnector({ ...base, lookup: checkedLookup(resolve, addressAllowed) });

  return (options, callback) => {
    const port = options.port ? Number(options.port) : defaultPort(options.protocol);
    if (allowList.originAllowed(options.protocol, options.hostname, port)) return plain(options, callback);
    if (isIP(options.hostname) !== 0) {
      const refusal = addressRefusal(options.hostname, options.hostname, addressAllowed);
      if (refusal !== undefined) return callback(refusal, null);
    }
    checked(options, (error, socket) => {
      if (error !== null) return callback(error, null);
      const peer = socket.remoteAddress;
      const refusal = peer === undefined ? undefined : addressRefusal(peer, options.hostname, addressAllowed);
      if (peer === undefined || refusal !== undefined) {
        socket.destroy();
        return callback(refusal ?? new Error('connected socket has no peer address'), null);
      }
      return callback(null, socket);
    });
  };
}
