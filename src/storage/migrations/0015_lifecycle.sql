-- The rental lifecycle on the operator clock: cards on file, what has been announced, and access control.
-- PostgreSQL 15 syntax.

-- The card the contact's invoices are collected from (sandbox: Stripe's test cards). The latest attached wins.
CREATE TABLE payment_methods (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  contact_id text NOT NULL REFERENCES contacts(id),
  brand text NOT NULL,
  last4 text NOT NULL,
  -- Sandbox outcome of later charges: succeeds (4242…) | fails (4000 0000 0000 0341 attaches, then declines).
  behaviour text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX payment_methods_contact ON payment_methods (contact_id);

-- Set by the move-in step (tenancy.started / subscription.started happen once) and the move-out step.
ALTER TABLE tenancies ADD COLUMN started_at timestamptz;
ALTER TABLE subscriptions ADD COLUMN started_at timestamptz;
ALTER TABLE subscriptions ADD COLUMN ended_at timestamptz;
-- Collection attempts so far (dunning).
ALTER TABLE invoices ADD COLUMN payment_attempts integer NOT NULL DEFAULT 0;
CREATE INDEX invoices_contact_status ON invoices (contact_id, status);

-- The built-in simulated access-control provider: who may open which unit's door, and why not.
CREATE TABLE access_grants (
  unit_id text PRIMARY KEY REFERENCES units(id),
  operator_id text NOT NULL REFERENCES operators(id),
  contact_id text,
  tenancy_id text,
  state text NOT NULL,                -- granted | restricted | revoked
  code text,                          -- the keypad code while granted or restricted
  reason text NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX access_grants_operator ON access_grants (operator_id, unit_id);
