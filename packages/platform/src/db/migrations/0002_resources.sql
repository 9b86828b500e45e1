-- Resources of the course platform: courses (soft delete), enrollments, certificates, invoices.
-- Depends on 0001_identity.sql (users). The application never deletes rows: a course is
-- retired (`retired_at`), everything else is append-only. Ownership columns are NOT NULL so
-- that object-level checks (`where owner_id = $subject`) can never match a row without owner.

CREATE TABLE courses (
  id uuid PRIMARY KEY,
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 5000),
  price_cents integer NOT NULL DEFAULT 0 CHECK (price_cents BETWEEN 0 AND 100000000),
  currency char(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

-- Lists only ever show live courses, newest first.
CREATE INDEX courses_live_created_idx ON courses (created_at DESC, id) WHERE retired_at IS NULL;

CREATE TABLE enrollments (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES users (id),
  course_id uuid NOT NULL REFERENCES courses (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- One enrollment per user and course; a second request returns the first (see
  -- docs/decisions/resources.md).
  CONSTRAINT enrollments_owner_course_key UNIQUE (owner_id, course_id)
);

CREATE TABLE certificates (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES users (id),
  course_id uuid NOT NULL REFERENCES courses (id),
  issued_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT certificates_owner_course_key UNIQUE (owner_id, course_id)
);

CREATE INDEX certificates_owner_idx ON certificates (owner_id);

CREATE TABLE invoices (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES users (id),
  course_id uuid REFERENCES courses (id),
  -- The enrollment an invoice bills, so that a repeated enrollment can never bill twice.
  enrollment_id uuid UNIQUE REFERENCES enrollments (id),
  amount_cents integer NOT NULL CHECK (amount_cents >= 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  issued_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX invoices_owner_idx ON invoices (owner_id);
