-- Add-ons: the Storeganise add-on model (docs/addons.md). PostgreSQL 15 syntax.

-- What a developer delivers: description, setup instructions, the add-on's own custom fields, the webhook it
-- listens on, the events it subscribes to, its webtasks (source code by hook name) and its install level.
CREATE TABLE addon_definitions (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL,
  setup_instructions text NOT NULL,
  level text NOT NULL,
  webhook_url text,
  events jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- [{code, title, type, choices?, required, secret, ...}], in the developer's order.
  custom_fields json NOT NULL DEFAULT '[]'::json,
  -- {"installed": "<source>"}
  webtasks jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (level IN ('operator', 'site'))
);

-- One installation of a definition for an operator (or one of its sites). The id is the add-on's `addonId`.
CREATE TABLE addon_installs (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  definition_id text NOT NULL REFERENCES addon_definitions(id),
  site_id text REFERENCES sites(id),
  state text NOT NULL,
  -- SHA-256 of the API key (the key itself is shown once).
  api_key_hash text NOT NULL,
  -- AES-256-GCM sealed: the signing secret, and the JSON object of secret custom-field values.
  signature_secret_sealed text NOT NULL,
  secret_settings_sealed text,
  -- The add-on's own non-secret custom-field values.
  settings json NOT NULL DEFAULT '{}'::json,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (state IN ('disabled', 'paused', 'enabled'))
);
CREATE INDEX addon_installs_operator ON addon_installs (operator_id, state);

-- Custom fields that add-ons (webtasks) and operators define on records: model is unitRental, unit, user, site,
-- unitType, invoice or business.
CREATE TABLE custom_field_definitions (
  operator_id text NOT NULL REFERENCES operators(id),
  model text NOT NULL,
  code text NOT NULL,
  definition json NOT NULL,
  addon_id text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (operator_id, model, code)
);

CREATE TABLE custom_field_values (
  operator_id text NOT NULL REFERENCES operators(id),
  model text NOT NULL,
  record_id text NOT NULL,
  code text NOT NULL,
  value jsonb NOT NULL,                -- {"v": <value>}
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (operator_id, model, record_id, code)
);

-- Rentals an add-on was told are overdue (unitRental.markOverdue), so lifting the overlock says unmarkOverdue.
CREATE TABLE addon_overdue_rentals (
  operator_id text NOT NULL REFERENCES operators(id),
  tenancy_id text NOT NULL,
  PRIMARY KEY (operator_id, tenancy_id)
);

-- One webhook delivery to one install: the exact body signed and sent, and how it went.
CREATE TABLE addon_deliveries (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  addon_id text NOT NULL REFERENCES addon_installs(id),
  type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  attempt_count integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (status IN ('pending', 'succeeded', 'failed', 'skipped'))
);
CREATE INDEX addon_deliveries_addon ON addon_deliveries (addon_id, created_at);

-- The add-on's log: webtask output, delivery failures.
CREATE TABLE addon_logs (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  addon_id text NOT NULL REFERENCES addon_installs(id),
  level text NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX addon_logs_addon ON addon_logs (addon_id, created_at);
