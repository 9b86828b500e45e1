// DNS resolution that checks what it resolves, handed to net/tls.connect as their `lookup`:
// the address checked is the address connected to (no second resolution, so no rebinding
// window). A name with any refused address is refused as a whole, so that happy eyeballs
// (autoSelectFamily) cannot fall back to the refused one.
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { refusedRange } from './address.js';
import { SafeFetchError } from './errors.js';

/** Resolves a host name to every address it has (like `dns.promises.lookup(name, { all: true })`). */
export type SafeFetchLookup = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemLookup: SafeFetchLookup = (hostname) => dnsLookup(hostname, { all: true });

/** The refusal for an address outside the public range and outside the allow list, if any. */
export function addressRefusal(address: string, host: string, addressAllowed: (address: string) => boolean): SafeFetchError | undefined {
  const range = refusedRange(address);
  if (range === undefined || addressAllowed(address)) return undefined;
  return new SafeFetchError('address_refused', `${host} resolves to ${address} (${range}), which is not a public address`);
}

export function checkedLookup(resolve: SafeFetchLookup, addressAllowed: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : [...all];
        const refusal = all.map((a) => addressRefusal(a.address, hostname, addressAllowed)).find((r) => r !== undefined);
        if (refusal !== undefined) return callback(refusal, '');
        const first = wanted[0];
        if (first === undefined) {
          return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
        }
        if (options.all === true) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ''),
    );
  };
}
