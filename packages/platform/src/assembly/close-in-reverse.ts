// What assemblePlatform opened, closed once in the reverse order of opening (a part is closed
// only after everything that uses it). The same path serves a normal shutdown and an assembly
// that failed half-way: whatever was registered so far is closed, nothing else.
import type { Closer } from '../lifecycle/shutdown.js';

export class ClosingStack {
  readonly #closers: Closer[] = [];
  #closing: Promise<void> | undefined;

  /** Registers a part right after it was opened. */
  push(closer: Closer): void {
    if (this.#closing) throw new Error(`cannot register ${closer.name}: already closing`);
    this.#closers.push(closer);
  }

  /** Closes every registered part, newest first; every part is tried even when one fails, and
   * then the failures reject together. Idempotent: later calls return the first call's promise. */
  close(): Promise<void> {
    this.#closing ??= this.#closeAll();
    return this.#closing;
  }

  async #closeAll(): Promise<void> {
    const failures: { name: string; error: unknown }[] = [];
    for (const closer of [...this.#closers].reverse()) {
      try {
        await closer.close();
      } catch (error) {
        failures.push({ name: closer.name, error });
      }
    }
    if (failures.length > 0) {
      throw new AggregateError(
        failures.map((failure) => failure.error),
        `closing failed: ${failures.map((failure) => failure.name).join(', ')}`,
      );
    }
  }
}
