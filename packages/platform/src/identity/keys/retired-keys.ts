// Signing keys an operator retired (`rampart keys retire <kid>`), shared through the database:
// read at start, then every `refreshMs` (default 250), so that tokens signed with a compromised
// key are refused on every instance within a second. While the database cannot answer, the last
// list read stays in force (a retirement is never forgotten by a failed read).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';

export const KID = /^[A-Za-z0-9_-]{16,64}$/;

interface Logger {
  warn(obj: object, msg?: string): void;
}

export interface RetiredKeysOptions {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly refreshMs?: number;
  /** Called when the list grows (the signing keys re-read their directory). */
  readonly onChange?: () => void;
}

export async function readRetiredKids(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('retired_signing_keys').select('kid').execute();
  return new Set(rows.map((row) => row.kid));
}

/** Adds `kid` to the list; false when it was already there. */
export async function retireKid(db: Kysely<Database>, kid: string, now: Date): Promise<boolean> {
  const inserted = await db.insertInto('retired_signing_keys').values({ kid, retired_at: now }).onConflict((oc) => oc.column('kid').doNothing()).executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export class RetiredKeys {
  #kids: ReadonlySet<string> = new Set();
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  #failing = false;

  private constructor(private readonly options: RetiredKeysOptions) {}

  static async start(options: RetiredKeysOptions): Promise<RetiredKeys> {
    const retired = new RetiredKeys(options);
    retired.#kids = await readRetiredKids(options.db);
    retired.#timer = setInterval(() => void retired.refresh(), options.refreshMs ?? 250);
    retired.#timer.unref();
    return retired;
  }

  has(kid: string): boolean {
    return this.#kids.has(kid);
  }

  refresh(): Promise<void> {
    this.#refreshing ??= readRetiredKids(this.options.db)
      .then((kids) => {
        const grew = [...kids].some((kid) => !this.#kids.has(kid));
        // Never shrink on a read: a retirement holds until the row is deleted by hand.
        this.#kids = new Set([...this.#kids, ...kids]);
        this.#failing = false;
        if (grew) this.options.onChange?.();
      })
      .catch((error: unknown) => {
        if (!this.#failing) this.options.logger.warn({ err: error }, 'retired signing keys unreadable; the last list read stays in force');
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
