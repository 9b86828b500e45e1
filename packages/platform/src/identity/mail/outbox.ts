// Every mail the platform sends is a row of the outbox, queued through `queueMail` only, which
// caps what one recipient can be sent per kind and hour. The cap is one upsert on
// `mail_throttle` whose update only applies below the cap: PostgreSQL locks the row for the
// conflicting inserts, so 20 parallel requests queue at most `cap` mails (a count-then-insert
// let 18 of 20 through). Call it inside the transaction that writes what the mail refers to,
// so a throttled request leaves nothing behind.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { IdentityTables, OutboxTable } from '../../db/schema/identity.js';

/** What a mail is about; each has its own cap per recipient and hour. */
export type MailTopic =
  | 'password_reset'
  | 'email_verification'
  | 'registration_attempt_for_existing_account'
  | 'mfa_enabled'
  | 'mfa_reset_by_operator';

export const MAILS_PER_RECIPIENT_PER_HOUR: Readonly<Record<MailTopic, number>> = {
  // The contract's "3 / hour" for resets, per address as well as per client.
  password_reset: 3,
  email_verification: 3,
  registration_attempt_for_existing_account: 3,
  // Security notices matter to the owner, but a flood of them is mail bombing too.
  mfa_enabled: 5,
  mfa_reset_by_operator: 5,
};

const HOUR_MS = 3_600_000;

export interface Mail {
  readonly id: string;
  readonly kind: OutboxTable['kind'];
  readonly topic: MailTopic;
  readonly recipient: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Queues `mail` unless its recipient already had the topic's cap this hour; false when throttled. */
export async function queueMail(db: Kysely<IdentityTables> | Transaction<IdentityTables>, mail: Mail, now: number): Promise<boolean> {
  const cap = MAILS_PER_RECIPIENT_PER_HOUR[mail.topic];
  const windowStart = new Date(Math.floor(now / HOUR_MS) * HOUR_MS);
  const reserved = await db
    .insertInto('mail_throttle')
    .values({ recipient: mail.recipient, kind: mail.topic, window_start: windowStart, queued: 1 })
    .onConflict((oc) =>
      oc
        .columns(['recipient', 'kind', 'window_start'])
        .doUpdateSet({ queued: sql<number>`mail_throttle.queued + 1` })
        .where('mail_throttle.queued', '<', cap),
    )
    .returning('queued')
    .executeTakeFirst();
  if (reserved === undefined) return false;
  await db
    .insertInto('outbox')
    .values({ id: mail.id, kind: mail.kind, recipient: mail.recipient, payload: JSON.stringify({ notice: mail.topic, ...mail.payload }), created_at: new Date(now) })
    .execute();
  return true;
}
