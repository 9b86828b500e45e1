// Kysely table types of migration 0004_service_isolation.sql. Keep the two in step.
import type { ColumnType } from 'kysely';

export interface ServiceIsolationTable {
  id: ColumnType<number, number, never>;
  mode: 'off' | 'read-only' | 'closed';
  changed_at: ColumnType<Date, Date | undefined, Date>;
}

export interface OperationsTables {
  service_isolation: ServiceIsolationTable;
}
