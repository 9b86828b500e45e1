// Addresses known to be over their limit, remembered in process until their window resets.
// The authenticated class is keyed by the verified subject, so its decision can only be taken
// after the token is verified; a request that fails verification is counted by address. To keep a
// flood of forged tokens from costing one signature verification each, the layer remembers every
// address-keyed decision of that class that came back over the limit (with the window end the
// store reported) and refuses that address before its next token is verified. This needs no
// read of the store per request (no extra Redis round trip): the decision that counted the hit
// already says the address is over. Bounded: at most `maxEntries`, oldest first out.
export class OverLimitAddresses {
  readonly #until = new Map<string, number>();

  constructor(private readonly maxEntries: number) {}

  /** Epoch ms at which `key`'s window ends, when it is known to be over its limit at `now`. */
  blockedUntil(key: string, now: number): number | undefined {
    const until = this.#until.get(key);
    if (until === undefined) return undefined;
    if (now < until) return until;
    this.#until.delete(key);
    return undefined;
  }

  block(key: string, until: number): void {
    if (this.#until.size >= this.maxEntries && !this.#until.has(key)) {
      // Insertion order is (nearly) expiry order: drop the oldest entry, O(1).
      const oldest = this.#until.keys().next();
      if (oldest.done !== true) this.#until.delete(oldest.value);
    }
    this.#until.set(key, until);
  }

  get size(): number {
    return this.#until.size;
  }
}
