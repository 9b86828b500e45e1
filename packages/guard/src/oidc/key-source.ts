// The provider's signing keys: jose's createRemoteJWKSet (cache, cooldown, one refetch for an
// unknown `kid`, in-flight requests shared) over the provider client, at a JWKS URL that is
// configured or discovered. Sorts failures: a key that the token names but the set lacks is the
// token's fault (401); anything about getting the set is the provider's (503).
import { createRemoteJWKSet, customFetch, errors, type CryptoKey, type ProtectedHeaderParameters, type RemoteJWKSet } from 'jose';
import type { Discovery } from './discovery.js';
import { ProviderUnavailableError, type ProviderClient } from './provider-client.js';
import { OidcTokenRejectedError } from './rejection.js';

export interface KeySourceOptions {
  readonly client: ProviderClient;
  /** Configured JWKS URL; otherwise `discovery` finds it. */
  readonly jwksUri: URL | undefined;
  readonly discovery: Discovery | undefined;
  readonly timeoutMs: number;
  readonly cacheMaxAgeMs: number;
  readonly cooldownMs: number;
}

export class KeySource {
  #remote: { readonly href: string; readonly set: RemoteJWKSet } | undefined;

  constructor(private readonly options: KeySourceOptions) {}

  async #set(): Promise<RemoteJWKSet> {
    const url = this.options.jwksUri ?? (await (this.options.discovery as Discovery).jwksUri());
    if (this.#remote?.href !== url.href) {
      // A new set only when discovery names another URL: the cache belongs to one URL.
      this.#remote = {
        href: url.href,
        set: createRemoteJWKSet(url, {
          timeoutDuration: this.options.timeoutMs,
          cacheMaxAge: this.options.cacheMaxAgeMs,
          cooldownDuration: this.options.cooldownMs,
          [customFetch]: this.options.client.get,
        }),
      };
    }
    return this.#remote.set;
  }

  async key(header: ProtectedHeaderParameters): Promise<CryptoKey> {
    const set = await this.#set();
    try {
      return await set(header);
    } catch (error) {
      if (error instanceof ProviderUnavailableError) throw error;
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
        throw new OidcTokenRejectedError('unknown_key', { cause: error });
      }
      if (error instanceof errors.JOSENotSupported) throw new OidcTokenRejectedError('header', { cause: error });
      // A 200 whose body is not JSON or not a key set: the provider is broken, not the token.
      this.options.client.markFailed();
      throw new ProviderUnavailableError('identity provider key set refused', this.options.client.retryAfterSeconds(), {
        cause: error,
      });
    }
  }
}
