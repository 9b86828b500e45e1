// Kysely table types of migration 0002_resources.sql. Keep the two in step: a column added
// there is added here, with the same nullability.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Set by the database on insert, never updated by the application. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface CoursesTable {
  id: ColumnType<string, string, never>;
  title: string;
  description: Generated<string>;
  price_cents: Generated<number>;
  currency: Generated<string>;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  created_at: CreatedAt;
  /** Soft delete: set once when the course is retired; retired courses are invisible. */
  retired_at: ColumnType<Date | null, never, Date>;
}

export interface EnrollmentsTable {
  id: ColumnType<string, string, never>;
  owner_id: ColumnType<string, string, never>;
  course_id: ColumnType<string, string, never>;
  created_at: CreatedAt;
}

export interface CertificatesTable {
  id: ColumnType<string, string, never>;
  owner_id: ColumnType<string, string, never>;
  course_id: ColumnType<string, string, never>;
  issued_at: CreatedAt;
}

export interface InvoicesTable {
  id: ColumnType<string, string, never>;
  owner_id: ColumnType<string, string, never>;
  course_id: ColumnType<string | null, string | null | undefined, never>;
  enrollment_id: ColumnType<string | null, string | null | undefined, never>;
  amount_cents: ColumnType<number, number, never>;
  currency: ColumnType<string, string, never>;
  issued_at: CreatedAt;
}

export interface ResourceTables {
  courses: CoursesTable;
  enrollments: EnrollmentsTable;
  certificates: CertificatesTable;
  invoices: InvoicesTable;
}

export type CourseRow = Selectable<CoursesTable>;
export type NewCourse = Insertable<CoursesTable>;
export type EnrollmentRow = Selectable<EnrollmentsTable>;
export type CertificateRow = Selectable<CertificatesTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
