// Test-only: one statement as the local PostgreSQL's administrator (CREATE/DROP DATABASE, DROP
// ROLE), on a connection of its own.
import pg from 'pg';
import { POSTGRES_URL } from '../../../../../test-support/services.js';

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
