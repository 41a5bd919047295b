-- Lockyard's own add-ons (src/addons-builtin, docs/addons.md) keep what a partner keeps in its own database: the
-- credentials an install hands them (API key and signing secret, sealed like every add-on secret) and, for the CSV
-- export add-on, the rows it recorded from the invoices it read through the add-on API.
CREATE TABLE builtin_addon_credentials (
  addon_id text PRIMARY KEY REFERENCES addon_installs(id) ON DELETE CASCADE,
  definition_id text NOT NULL,
  api_key_sealed text NOT NULL,
  signature_secret_sealed text NOT NULL,
  api_url text NOT NULL,
  created_at timestamptz NOT NULL
);

-- One row per delivery the CSV export add-on handled (envelope id: a resent delivery is recorded once).
CREATE TABLE builtin_addon_ledger (
  addon_id text NOT NULL REFERENCES addon_installs(id) ON DELETE CASCADE,
  envelope_id text NOT NULL,
  event_type text NOT NULL,
  occurred_at text NOT NULL,
  invoice_id text NOT NULL,
  row_data jsonb NOT NULL,
  PRIMARY KEY (addon_id, envelope_id)
);
CREATE INDEX builtin_addon_ledger_time ON builtin_addon_ledger (addon_id, occurred_at);
