// The fetch oidcVerifier uses unless a test injects one: guard's safe fetch (public unicast
// destinations only, no redirects, time and size caps). The operator configured the issuer and
// the JWKS URL, so their origins may be private (an IdP on the internal network); a JWKS URL
// that discovery names on the issuer's own host (another port) is allowed the same way. Any
// other destination a discovery document names goes through the public-only rules: a document
// cannot point the server at an internal address of its choosing.
import { createSafeFetch, type SafeFetch } from '../outbound/index.js';
import type { FetchLike } from './provider-client.js';

export interface ProviderFetchSettings {
  readonly issuer: string;
  readonly jwksUri: URL | undefined;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly proxy: string | false | undefined;
}

export interface ProviderFetch extends FetchLike {
  close(): Promise<void>;
}

export function createProviderFetch(settings: ProviderFetchSettings): ProviderFetch {
  const issuerUrl = URL.canParse(settings.issuer) ? new URL(settings.issuer) : undefined;
  const trusted = [issuerUrl?.origin, settings.jwksUri?.origin].filter((o): o is string => o !== undefined && o !== 'null');
  const fetches = new Map<string, SafeFetch>();
  const fetchAllowing = (origins: readonly string[]): SafeFetch => {
    const key = origins.join(' ');
    let safeFetch = fetches.get(key);
    if (safeFetch === undefined) {
      safeFetch = createSafeFetch({
        allowPrivate: origins,
        timeoutMs: settings.timeoutMs,
        maxResponseBytes: settings.maxResponseBytes,
        ...(settings.proxy === undefined ? {} : { proxy: settings.proxy }),
      });
      fetches.set(key, safeFetch);
    }
    return safeFetch;
  };

  const providerFetch = async (url: string, init: Parameters<FetchLike>[1]): Promise<Response> => {
    const target = new URL(url);
    const sameHost = issuerUrl !== undefined && target.hostname === issuerUrl.hostname && !trusted.includes(target.origin);
    const safeFetch = fetchAllowing(sameHost ? [...trusted, target.origin] : trusted);
    // undici's Response is its own class, not the DOM lib's type; at run time the body and
    // headers are what the caller reads.
    const response = await safeFetch(url, { method: init.method, headers: [...init.headers.entries()], signal: init.signal });
    return response as unknown as Response;
  };
  return Object.assign(providerFetch, {
    close: async () => {
      await Promise.all([...fetches.values()].map((f) => f.close()));
      fetches.clear();
    },
  });
}
