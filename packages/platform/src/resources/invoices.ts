// Invoice queries. Invoices are written only by enrollment (enrollments.ts); read here with the
// owner filter inside the SQL.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { Viewer } from './viewer.js';

export interface Invoice {
  readonly id: string;
  readonly ownerId: string;
  readonly courseId: string | null;
  readonly amountCents: number;
  readonly currency: string;
  readonly issuedAt: string;
}

export async function getInvoice(db: Kysely<Database>, id: string, viewer: Viewer): Promise<Invoice | undefined> {
  let query = db
    .selectFrom('invoices')
    .select(['id', 'owner_id', 'course_id', 'amount_cents', 'currency', 'issued_at'])
    .where('id', '=', id);
  if (!viewer.isAdmin) query = query.where('owner_id', '=', viewer.subject);
  const row = await query.executeTakeFirst();
  return (
    row && {
      id: row.id,
      ownerId: row.owner_id,
      courseId: row.course_id,
      amountCents: row.amount_cents,
      currency: row.currency,
      issuedAt: row.issued_at.toISOString(),
    }
  );
}

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
