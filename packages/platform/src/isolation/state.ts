// This process's view of the isolation mode: read from the database at start, then every
// `refreshMs` (default 250: a mode set anywhere holds here within a second), and at once when set
// through this process. While the database cannot answer, the last mode read stays in force.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { SecurityEvents } from '../security-events/index.js';
import type { IsolationMode } from './mode.js';
import { readIsolationMode, writeIsolationMode } from './store.js';

export interface IsolationReader {
  current(): IsolationMode;
}

/** What the control socket needs: read, and set for every instance. */
export interface IsolationSwitch extends IsolationReader {
  set(mode: IsolationMode): Promise<IsolationMode>;
}

interface Logger {
  warn(obj: object, msg?: string): void;
}

export interface IsolationStateOptions {
  readonly db: Kysely<Database>;
  readonly now: () => number;
  readonly logger: Logger;
  /** Where each change is recorded as a `sys_admin_action` event. */
  readonly events: Pick<SecurityEvents, 'sysAdminAction'>;
  readonly refreshMs?: number;
}

export class IsolationState implements IsolationSwitch {
  #mode: IsolationMode = 'off';
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  #failing = false;

  private constructor(private readonly options: IsolationStateOptions) {}

  /** Reads the mode once (a start fails if the database cannot answer) and keeps it fresh. */
  static async start(options: IsolationStateOptions): Promise<IsolationState> {
    const state = new IsolationState(options);
    state.#mode = await readIsolationMode(options.db);
    state.#timer = setInterval(() => void state.refresh(), options.refreshMs ?? 250);
    state.#timer.unref();
    return state;
  }

  current(): IsolationMode {
    return this.#mode;
  }

  /** One read of the database; a read already under way is shared. */
  refresh(): Promise<void> {
    this.#refreshing ??= readIsolationMode(this.options.db)
      .then((mode) => {
        this.#mode = mode;
        this.#failing = false;
      })
      .catch((error: unknown) => {
        if (!this.#failing) this.options.logger.warn({ err: error, mode: this.#mode }, 'isolation mode unreadable; the last mode read stays in force');
        this.#failing = true;
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  /** Sets the mode for every instance; this one follows at once. Returns the previous mode. */
  async set(mode: IsolationMode): Promise<IsolationMode> {
    const previous = await writeIsolationMode(this.options.db, mode, new Date(this.options.now()));
    this.#mode = mode;
    await this.options.events.sysAdminAction('isolate', { mode, previous });
    return previous;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
