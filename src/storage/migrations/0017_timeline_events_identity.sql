-- External timeline events and identity verifications (docs/decisions/timeline-events.md, identity-verifications.md).

CREATE TABLE timeline_events (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  source_id text NOT NULL REFERENCES timeline_sources(id),
  template_id text NOT NULL REFERENCES timeline_templates(id),
  contact_id text REFERENCES contacts(id) ON DELETE SET NULL,
  invoice_id text REFERENCES invoices(id),
  site_id text REFERENCES sites(id),
  subscription_id text REFERENCES subscriptions(id),
  tenancy_id text REFERENCES tenancies(id),
  unit_id text REFERENCES units(id),
  unit_type_id text REFERENCES unit_types(id),
  description text,
  external_id text,
  external_url text,
  variables json NOT NULL DEFAULT '{}'::json,   -- json, not jsonb: keys come back in the order written
  -- The template rendered with the variables: on the contact's own timeline, and in a global feed.
  message text NOT NULL,
  global_message text NOT NULL,
  creator_id text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX timeline_events_contact ON timeline_events (operator_id, contact_id, created_at);

CREATE TABLE identity_verifications (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  contact_id text NOT NULL REFERENCES contacts(id),
  status text NOT NULL,
  error_code text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (status IN ('processing', 'succeeded', 'failed', 'cancelled')),
  CHECK ((status = 'failed') = (error_code IS NOT NULL))
);
CREATE INDEX identity_verifications_operator_created ON identity_verifications (operator_id, created_at, id);
CREATE INDEX identity_verifications_contact ON identity_verifications (contact_id);
