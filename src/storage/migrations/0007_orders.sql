-- Orders and their line items (issue 4). PostgreSQL 15 syntax.
CREATE TABLE orders (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  site_id text NOT NULL REFERENCES sites(id),
  contact_id text REFERENCES contacts(id),
  billing_period text,
  payment_method text NOT NULL DEFAULT 'card',
  -- starts_now: the client sent "now"; the tenancy starts when the order completes.
  starts_at timestamptz,
  starts_now boolean NOT NULL DEFAULT false,
  coupon_id text REFERENCES coupons(id),
  contract_template_id text REFERENCES contract_templates(id),
  purchase_order_number text,
  email_booking_confirmation boolean NOT NULL DEFAULT true,
  email_move_in_day boolean NOT NULL DEFAULT true,
  metadata json NOT NULL DEFAULT '{}'::json,
  source text NOT NULL DEFAULT 'public_api',
  status text NOT NULL DEFAULT 'draft',
  checkout_token text UNIQUE,
  cancel_redirect_url text,
  tenancy_id text,
  subscription_id text,
  finalized_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX orders_operator_created ON orders (operator_id, created_at, id);
CREATE INDEX orders_operator_updated ON orders (operator_id, updated_at, id);
CREATE INDEX orders_contact ON orders (contact_id);

CREATE TABLE order_line_items (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  type text NOT NULL,
  item_id text NOT NULL,
  quantity integer NOT NULL,
  unit_amount bigint NOT NULL,
  -- Keeps the order the lines were added in when two share a created_at second.
  position serial NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX order_line_items_order ON order_line_items (order_id, position);
