-- Signing keys retired by an operator (`rampart keys retire <kid>`, a compromised key): every
-- instance re-reads this list every few hundred milliseconds and refuses tokens signed with a
-- listed key from then on. Key files stay per host; the list is what all instances share.
CREATE TABLE retired_signing_keys (
  kid text PRIMARY KEY CHECK (kid ~ '^[A-Za-z0-9_-]{16,64}$'),
  retired_at timestamptz NOT NULL DEFAULT now()
);
