// Invoice queries. Invoices are written only by enrollment (enrollments.ts); read here with the
// owner filter inside the SQL.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { InvoiceRow } from '../db/schema/resources.js';
import { ownedResource } from './owned.js';
import type { Viewer } from './viewer.js';

export interface Invoice {
  readonly id: string;
  readonly ownerId: string;
  readonly courseId: string | null;
  readonly amountCents: number;
  readonly currency: string;
  readonly issuedAt: string;
}

const INVOICE_COLUMNS = ['id', 'owner_id', 'course_id', 'amount_cents', 'currency', 'issued_at'] as const;

function toInvoice(row: Pick<InvoiceRow, (typeof INVOICE_COLUMNS)[number]>): Invoice {
  return {
    id: row.id,
    ownerId: row.owner_id,
    courseId: row.course_id,
    amountCents: row.amount_cents,
    currency: row.currency,
    issuedAt: row.issued_at.toISOString(),
  };
}

export const invoices = ownedResource({ table: 'invoices', columns: INVOICE_COLUMNS, newestFirst: 'issued_at', toObject: toInvoice });

/** One invoice, only if the viewer owns it (or is admin): the owner filter is in the SQL. */
export const getInvoice = (db: Kysely<Database>, id: string, viewer: Viewer): Promise<Invoice | undefined> => invoices.get(db, id, viewer);

/** The owner's invoices, newest first. */
export const listOwnInvoices = (db: Kysely<Database>, ownerId: string, limit: number): Promise<Invoice[]> => invoices.listOwn(db, ownerId, limit);

/** Ids of the owner's invoices, newest first (tests and the seed use it to find what
 * enrollment billed). */
export async function listOwnInvoiceIds(db: Kysely<Database>, ownerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('invoices')
    .select('id')
    .where('owner_id', '=', ownerId)
    .orderBy('issued_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
