// Signing keys an operator retired (`rampart keys retire <kid>`), shared through the database:
// read at start, then every `refreshMs` (default 250), so that tokens signed with a compromised
// key are refused on every instance within a second. While the database cannot answer, the last
// list read stays in force (a retirement is never forgotten by a failed read).
import type { Kysely } from 'kysely';
import { PolledRead } from '../../db/polled-read.js';
import type { Database } from '../../db/schema/index.js';

export const KID = /^[A-Za-z0-9_-]{16,64}$/;

interface Logger {
  warn(obj: object, msg?: string): void;
}

export interface RetiredKeysOptions {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** See db/polled-read.ts (`null` on the embedded database). */
  readonly refreshMs?: number | null;
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
  private constructor(private readonly polled: PolledRead<ReadonlySet<string>>) {}

  static async start(options: RetiredKeysOptions): Promise<RetiredKeys> {
    const polled = await PolledRead.start<ReadonlySet<string>>({
      read: () => readRetiredKids(options.db),
      refreshMs: options.refreshMs,
      logger: options.logger,
      what: 'retired signing keys',
      // Never shrink on a read: a retirement holds until the row is deleted by hand and the
      // instance restarted.
      combine: (previous, next) => {
        if (![...next].some((kid) => !previous.has(kid))) return previous;
        options.onChange?.();
        return new Set([...previous, ...next]);
      },
    });
    return new RetiredKeys(polled);
  }

  has(kid: string): boolean {
    return this.polled.value.has(kid);
  }

  refresh(): Promise<void> {
    return this.polled.refresh();
  }

  close(): void {
    this.polled.close();
  }
}
