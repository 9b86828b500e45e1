// This process's view of the isolation mode: read from the database at start, then every
// `refreshMs` (default 250: a mode set anywhere holds here within a second; `null` on the embedded
// database, where every change is made through this process), and at once when set through this
// process. While the database cannot answer, the last mode read stays in force.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { SecurityEvents } from '../security-events/index.js';
import { PolledRead } from '../db/polled-read.js';
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
  /** See db/polled-read.ts (`null` on the embedded database). */
  readonly refreshMs?: number | null;
}

export class IsolationState implements IsolationSwitch {
  private constructor(
    private readonly options: IsolationStateOptions,
    private readonly polled: PolledRead<IsolationMode>,
  ) {}

  /** Reads the mode once (a start fails if the database cannot answer) and keeps it fresh. */
  static async start(options: IsolationStateOptions): Promise<IsolationState> {
    const polled = await PolledRead.start({ read: () => readIsolationMode(options.db), refreshMs: options.refreshMs, logger: options.logger, what: 'isolation mode' });
    return new IsolationState(options, polled);
  }

  current(): IsolationMode {
    return this.polled.value;
  }

  refresh(): Promise<void> {
    return this.polled.refresh();
  }

  /** Sets the mode for every instance; this one follows at once. Returns the previous mode. */
  async set(mode: IsolationMode): Promise<IsolationMode> {
    const previous = await writeIsolationMode(this.options.db, mode, new Date(this.options.now()));
    this.polled.value = mode;
    await this.options.events.sysAdminAction('isolate', { mode, previous });
    return previous;
  }

  close(): void {
    this.polled.close();
  }
}
