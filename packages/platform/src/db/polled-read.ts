// A value every instance reads from the shared database and keeps fresh by polling (the isolation
// mode, the retired signing keys): read once at start (a start fails when the database cannot
// answer), then every `refreshMs`. While the database cannot answer, the last value read stays in
// force; the first failure of a run is logged once. `refreshMs: null` reads once and never polls:
// for the embedded database, which only this process opens, so every change is made through it
// (and applied here at once); a poll there would cost a query on the event loop's thread four
// times a second for nothing.

interface Logger {
  warn(obj: object, msg?: string): void;
}

const DEFAULT_REFRESH_MS = 250;

export interface PolledReadOptions<T> {
  readonly read: () => Promise<T>;
  /** Default 250 (a change made anywhere holds here within a second); `null`: read once. */
  readonly refreshMs?: number | null | undefined;
  readonly logger: Logger;
  /** Named in the log line of a failed read. */
  readonly what: string;
  /** How a new read combines with the value in force (default: replaces it). */
  readonly combine?: (previous: T, next: T) => T;
}

export class PolledRead<T> {
  #value: T;
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  #failing = false;

  private constructor(
    private readonly options: PolledReadOptions<T>,
    first: T,
  ) {
    this.#value = first;
  }

  static async start<T>(options: PolledReadOptions<T>): Promise<PolledRead<T>> {
    const polled = new PolledRead(options, await options.read());
    if (options.refreshMs === null) return polled;
    polled.#timer = setInterval(() => void polled.refresh(), options.refreshMs ?? DEFAULT_REFRESH_MS);
    polled.#timer.unref();
    return polled;
  }

  get value(): T {
    return this.#value;
  }

  /** The value this process just wrote, in force before the next read confirms it. */
  set value(value: T) {
    this.#value = value;
  }

  /** One read; a read already under way is shared. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.options
      .read()
      .then((next) => {
        this.#value = this.options.combine ? this.options.combine(this.#value, next) : next;
        this.#failing = false;
      })
      .catch((error: unknown) => {
        if (!this.#failing) this.options.logger.warn({ err: error }, `${this.options.what} unreadable; the last value read stays in force`);
        this.#failing = true;
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** The polling a shared value needs on this context's database: none on the embedded one. */
export function pollingOf(ctx: { readonly databaseKind?: 'pglite' | 'postgres' }): { refreshMs?: null } {
  return ctx.databaseKind === 'pglite' ? { refreshMs: null } : {};
}
