// Kysely table types of migrations 0004_service_isolation.sql and 0006_retired_signing_keys.sql.
// Keep them in step.
import type { ColumnType } from 'kysely';

export interface ServiceIsolationTable {
  id: ColumnType<number, number, never>;
  mode: 'off' | 'read-only' | 'closed';
  changed_at: ColumnType<Date, Date | undefined, Date>;
}

export interface RetiredSigningKeysTable {
  kid: ColumnType<string, string, never>;
  retired_at: ColumnType<Date, Date | undefined, never>;
}

export interface OperationsTables {
  service_isolation: ServiceIsolationTable;
  retired_signing_keys: RetiredSigningKeysTable;
}
