// What a shared rate-limit store (Redis) rejects with when it cannot answer in time: the layer
// then applies the class's `onStoreFailure` instead of failing the request with a 500.
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'RAMPART_RATE_LIMIT_STORE_UNAVAILABLE' as const;

  constructor(message = 'rate-limit store unavailable', options?: { cause?: unknown }) {
    super(message, options);
  }
}
