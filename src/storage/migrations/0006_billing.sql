-- Billing records an order's completion creates: subscriptions, invoices, credit notes, contracts.
-- PostgreSQL 15 syntax. `tenancies` (0001) already has order_id and subscription_id.

CREATE INDEX tenancies_operator_created ON tenancies (operator_id, created_at, id);
-- One tenancy per order: a completion that races another cannot create a second one.
CREATE UNIQUE INDEX tenancies_order ON tenancies (order_id) WHERE order_id IS NOT NULL;

CREATE TABLE subscriptions (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  contact_id text NOT NULL REFERENCES contacts(id),
  site_id text NOT NULL REFERENCES sites(id),
  tenancy_id text NOT NULL REFERENCES tenancies(id),
  order_id text,
  billing_period text NOT NULL,
  payment_method text NOT NULL,
  coupon_id text REFERENCES coupons(id),
  cancelled boolean NOT NULL DEFAULT false,
  cancellation_reason text,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  current_period_starts_at timestamptz NOT NULL,
  current_period_ends_at timestamptz,
  stripe_subscription_id text,
  stripe_subscription_schedule_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX subscriptions_operator_created ON subscriptions (operator_id, created_at, id);
CREATE INDEX subscriptions_contact ON subscriptions (contact_id);

-- The recurring items billed each period. They have no id on the wire; position keeps their order.
CREATE TABLE subscription_line_items (
  subscription_id text NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  position integer NOT NULL,
  type text NOT NULL,                 -- unit_type | protection | custom_product
  item_id text NOT NULL,
  price integer NOT NULL,             -- per unit, minor units
  quantity integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (subscription_id, position)
);

-- Per-operator invoice numbers ("ACME-000123"), handed out inside the creating transaction.
CREATE TABLE invoice_number_sequences (
  operator_id text PRIMARY KEY REFERENCES operators(id),
  last_value integer NOT NULL
);

CREATE TABLE invoices (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  number text NOT NULL,
  contact_id text NOT NULL REFERENCES contacts(id),
  site_id text REFERENCES sites(id),
  subscription_id text REFERENCES subscriptions(id),
  tenancy_id text REFERENCES tenancies(id),
  order_id text,
  status text NOT NULL,               -- draft | open | paid | uncollectible | void
  period_start timestamptz,
  period_end timestamptz,
  purchase_order_number text,
  subtotal integer NOT NULL,
  tax integer NOT NULL,
  total integer NOT NULL,
  amount_due integer NOT NULL,
  amount_paid integer NOT NULL,
  pre_payment_credit_notes_amount integer NOT NULL DEFAULT 0,
  post_payment_credit_notes_amount integer NOT NULL DEFAULT 0,
  finalized_at timestamptz,
  paid_at timestamptz,
  voided_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (operator_id, number)
);
CREATE INDEX invoices_operator_created ON invoices (operator_id, created_at, id);
CREATE INDEX invoices_contact ON invoices (contact_id);
CREATE INDEX invoices_subscription ON invoices (subscription_id);
CREATE INDEX invoices_tenancy ON invoices (tenancy_id);

CREATE TABLE invoice_line_items (
  invoice_id text NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  position integer NOT NULL,
  type text,                          -- unit_type | protection | product | security_deposit
  item_id text,
  description text NOT NULL,
  accounting_code text,
  quantity integer NOT NULL,
  price integer NOT NULL,             -- per unit
  discount_total integer NOT NULL,
  tax integer NOT NULL,
  total integer NOT NULL,
  total_excluding_tax integer NOT NULL,
  proration boolean NOT NULL DEFAULT false,
  PRIMARY KEY (invoice_id, position)
);

CREATE TABLE credit_notes (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  number text NOT NULL,
  invoice_id text NOT NULL REFERENCES invoices(id),
  contact_id text NOT NULL REFERENCES contacts(id),
  site_id text REFERENCES sites(id),
  reason text NOT NULL,
  status text NOT NULL,               -- issued | void
  type text NOT NULL,                 -- pre_payment | post_payment
  subtotal integer NOT NULL,
  total integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (operator_id, number)
);
CREATE INDEX credit_notes_operator_created ON credit_notes (operator_id, created_at, id);
CREATE INDEX credit_notes_invoice ON credit_notes (invoice_id);

CREATE TABLE credit_note_line_items (
  credit_note_id text NOT NULL REFERENCES credit_notes(id) ON DELETE CASCADE,
  position integer NOT NULL,
  type text NOT NULL,                 -- invoice_line_item | custom_line_item
  description text NOT NULL,
  quantity integer NOT NULL,
  price integer NOT NULL,
  amount integer NOT NULL,
  discount_total integer NOT NULL,
  tax integer NOT NULL,
  PRIMARY KEY (credit_note_id, position)
);

CREATE TABLE contracts (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  contact_id text NOT NULL REFERENCES contacts(id),
  contract_template_id text NOT NULL REFERENCES contract_templates(id),
  tenancy_id text NOT NULL REFERENCES tenancies(id),
  site_id text NOT NULL REFERENCES sites(id),
  name text NOT NULL,
  -- The template text as it was when the contract was generated: later template edits do not change it.
  body text NOT NULL,
  status text NOT NULL,               -- pending | signed | voided | declined | deleted
  sent_at timestamptz,
  signed_at timestamptz,
  signed_by text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX contracts_operator_created ON contracts (operator_id, created_at, id);
CREATE INDEX contracts_tenancy ON contracts (tenancy_id);
