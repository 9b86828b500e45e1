// The operations the application role must never be able to do, as SQL, each expected to fail
// with SQLSTATE 42501 (insufficient_privilege). Shared by the PostgreSQL and PGlite tests.
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import { expect } from 'vitest';

export const FORBIDDEN_FOR_APP: ReadonlyArray<readonly [string, RawBuilder<unknown>]> = [
  ['DELETE', sql`DELETE FROM users`],
  ['DELETE with a condition', sql`DELETE FROM refresh_tokens WHERE used_at IS NOT NULL`],
  ['TRUNCATE', sql`TRUNCATE security_events`],
  ['DROP TABLE', sql`DROP TABLE courses`],
  ['ALTER TABLE', sql`ALTER TABLE users ADD COLUMN note text`],
  ['CREATE TABLE', sql`CREATE TABLE evil (id int)`],
  ['CREATE TEMP TABLE', sql`CREATE TEMP TABLE evil (id int)`],
  ['CREATE SCHEMA', sql`CREATE SCHEMA evil`],
  ['CREATE INDEX', sql`CREATE INDEX evil_idx ON users (display_name)`],
  ['CREATE TRIGGER', sql`CREATE TRIGGER evil BEFORE DELETE ON users FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()`],
  ['CREATE ROLE', sql`CREATE ROLE evil`],
  ['write migration history', sql`INSERT INTO rampart_migrations (name, checksum) VALUES ('9999_evil.sql', 'x')`],
];

export async function expectPermissionDenied<DB>(db: Kysely<DB>, statement: RawBuilder<unknown>, label: string): Promise<void> {
  const error = await statement.execute(db).then(
    () => undefined,
    (e: unknown) => e as { code?: string },
  );
  expect(error, `${label} must fail`).toBeDefined();
  expect(error?.code, `${label} must fail with permission denied`).toBe('42501');
}
