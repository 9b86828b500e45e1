// OpenID Connect Discovery 1.0: the provider's `jwks_uri` from
// `<issuer>/.well-known/openid-configuration`, fetched on first use and cached. The document
// must name exactly the configured issuer (section 4.3: otherwise anyone serving a document
// could vouch for someone else's keys) and a JWKS URL that is https (http only for a loopback
// issuer, as in tests and local development). A failed refresh keeps the last good answer; a
// failure with nothing cached is ProviderUnavailableError (503), never a 401.
import { isLoopbackUrl } from './urls.js';
import { ProviderUnavailableError, type ProviderClient } from './provider-client.js';

export interface DiscoveryOptions {
  readonly issuer: string;
  readonly client: ProviderClient;
  readonly timeoutMs: number;
  readonly maxAgeMs: number;
  readonly now: () => number;
}

/** Where the discovery document of `issuer` lives (a trailing `/` of the issuer is dropped). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

function jwksUriOf(document: unknown, issuer: string): URL {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new Error('discovery document is not a JSON object');
  }
  const { issuer: named, jwks_uri: jwksUri } = document as { issuer?: unknown; jwks_uri?: unknown };
  if (named !== issuer) throw new Error('discovery document names another issuer than the configured one');
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) throw new Error('discovery document has no valid jwks_uri');
  const url = new URL(jwksUri);
  const httpAllowed = isLoopbackUrl(new URL(issuer)) && isLoopbackUrl(url);
  if (url.protocol !== 'https:' && !(httpAllowed && url.protocol === 'http:')) {
    throw new Error('discovery document jwks_uri must use https');
  }
  if (url.username !== '' || url.password !== '') throw new Error('discovery document jwks_uri carries credentials');
  return url;
}

export class Discovery {
  #cached: { readonly jwksUri: URL; readonly fetchedAt: number } | undefined;
  #pending: Promise<URL> | undefined;

  constructor(private readonly options: DiscoveryOptions) {}

  /** The provider's JWKS URL; cached for `maxAgeMs`, one request in flight at a time. */
  async jwksUri(): Promise<URL> {
    const cached = this.#cached;
    if (cached !== undefined && this.options.now() - cached.fetchedAt < this.options.maxAgeMs) return cached.jwksUri;
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    try {
      return await this.#pending;
    } catch (error) {
      if (cached !== undefined) return cached.jwksUri; // stale but last known good
      throw error;
    }
  }

  async #refresh(): Promise<URL> {
    const { client, issuer, timeoutMs, now } = this.options;
    const response = await client.get(discoveryUrl(issuer), {
      method: 'GET',
      headers: new Headers({ accept: 'application/json' }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    let jwksUri: URL;
    try {
      jwksUri = jwksUriOf(await response.json(), issuer);
    } catch (cause) {
      client.markFailed();
      throw new ProviderUnavailableError('identity provider discovery document refused', client.retryAfterSeconds(), { cause });
    }
    this.#cached = { jwksUri, fetchedAt: now() };
    return jwksUri;
  }
}
