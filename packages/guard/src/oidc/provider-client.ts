// Every request to the identity provider (discovery document and JWKS) goes through here:
// one fetch function (the injection point), a response size cap, and a failure cooldown. When
// the provider is down, requests during the cooldown fail at once instead of each waiting for
// a timeout (thousands of clients retrying must not become thousands of outbound requests).
// Any failure (network, timeout, status other than 200, oversized body) is a
// ProviderUnavailableError: "cannot check the token now", never "bad token".

/** The fetch signature the verifier needs; the global fetch, undici's and jose's `customFetch`
 * all fit it. */
export type FetchLike = (
  url: string,
  init: { readonly method: 'GET'; readonly headers: Headers; readonly redirect: 'manual'; readonly signal: AbortSignal },
) => Promise<Response>;

export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ProviderClientOptions {
  readonly fetch: FetchLike;
  readonly maxResponseBytes: number;
  readonly failureCooldownMs: number;
  readonly now: () => number;
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (response.body === null) return new Uint8Array();
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new Error(`response of ${declared} bytes is over the ${maxBytes} byte cap`);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`response is over the ${maxBytes} byte cap`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export class ProviderClient {
  #failedUntil = 0;

  constructor(private readonly options: ProviderClientOptions) {}

  /** Seconds a client should wait before retrying (at least 1). */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.#failedUntil - this.options.now()) / 1000));
  }

  /** Starts the cooldown for a failure found after the fetch (a body that is not a JWKS). */
  markFailed(): void {
    this.#failedUntil = this.options.now() + this.options.failureCooldownMs;
  }

  /** GET `url`; resolves with a 200 response whose body is fully read (within the cap), or
   * rejects with ProviderUnavailableError. Usable as jose's `customFetch`. */
  readonly get: FetchLike = async (url, init) => {
    if (this.options.now() < this.#failedUntil) {
      throw new ProviderUnavailableError('identity provider failed recently; not asked again yet', this.retryAfterSeconds());
    }
    try {
      const response = await this.options.fetch(url, { ...init, redirect: 'manual' });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new Error(`identity provider answered ${response.status} for ${url}`);
      }
      const body = await readCapped(response, this.options.maxResponseBytes);
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    } catch (cause) {
      this.markFailed();
      throw new ProviderUnavailableError(`identity provider unavailable: ${url}`, this.retryAfterSeconds(), { cause });
    }
  };
}
