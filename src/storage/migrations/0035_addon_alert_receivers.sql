-- Add-on alert receivers (docs/addons.md): the addresses told by email when a delivery to one of the operator's
-- add-ons fails for good, once per run of failures (like the "Errors in <add-on>" task). Managers set them in
-- Settings → Add-ons.
CREATE TABLE addon_alert_settings (
  operator_id text PRIMARY KEY REFERENCES operators(id) ON DELETE CASCADE,
  -- ["ops@example.com", …], in the order they were entered.
  receivers jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_at timestamptz NOT NULL
);

-- An alert goes to staff addresses, not to a contact: an email may now have no contact.
ALTER TABLE emails ALTER COLUMN contact_id DROP NOT NULL;
