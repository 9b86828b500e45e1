-- Service isolation (`rampart isolate read-only|closed|off`): one row that every instance reads
-- every few hundred milliseconds, so that a mode set through any instance or the CLI holds on all
-- of them within a second. The database is the store every instance of a deployment shares.
CREATE TABLE service_isolation (
  id smallint PRIMARY KEY CHECK (id = 1),
  mode text NOT NULL CHECK (mode IN ('off', 'read-only', 'closed')),
  changed_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO service_isolation (id, mode) VALUES (1, 'off');
