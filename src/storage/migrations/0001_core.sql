-- Core tables: tenants, access, catalogue, contacts. PostgreSQL 15 syntax only (PGlite is 18).

CREATE TABLE operators (
  id text PRIMARY KEY,
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  currency text NOT NULL,
  timezone text NOT NULL,
  country_alpha2 text NOT NULL DEFAULT 'GB',
  rate_limit_per_second integer NOT NULL DEFAULT 10,
  rate_limit_per_minute integer NOT NULL DEFAULT 60,
  clock_offset_ms bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE access_tokens (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  token_hint text NOT NULL,
  scopes text[] NOT NULL,
  application_id text,
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX access_tokens_operator ON access_tokens (operator_id, created_at);

CREATE TABLE idempotency_keys (
  operator_id text NOT NULL REFERENCES operators(id),
  key text NOT NULL,
  request_hash text NOT NULL,
  state text NOT NULL,               -- in_flight | done
  response_status integer,
  response_body text,
  response_content_type text,
  locked_until timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (operator_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

CREATE TABLE sites (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  slug text NOT NULL,
  name text NOT NULL,
  description text,
  phone text,
  address jsonb NOT NULL,
  access_hours jsonb NOT NULL,
  directions jsonb NOT NULL,
  timezone text NOT NULL,
  opened_at timestamptz,
  tax_rates jsonb NOT NULL DEFAULT '{}'::jsonb,
  image jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (operator_id, slug)
);
CREATE INDEX sites_operator_created ON sites (operator_id, created_at, id);

CREATE TABLE coupons (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  name text NOT NULL,
  title text,
  code text,
  type text NOT NULL,
  percent integer,
  amount integer,
  duration text NOT NULL,
  months integer,
  billing_period text,
  max_redemptions integer,
  public boolean NOT NULL DEFAULT true,
  auto_apply_to jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX coupons_operator_created ON coupons (operator_id, created_at, id);

CREATE TABLE unit_types (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  site_id text NOT NULL REFERENCES sites(id),
  name text NOT NULL,
  slug text NOT NULL,
  size_description text NOT NULL,
  dimensions jsonb NOT NULL,
  selling_points jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL,
  dynamic_pricing boolean NOT NULL DEFAULT false,
  require_insurance_coverage boolean NOT NULL DEFAULT false,
  require_security_deposit boolean NOT NULL DEFAULT false,
  security_deposit integer,
  promotion_id text REFERENCES coupons(id),
  stripe_product_id text NOT NULL,
  image jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX unit_types_operator_created ON unit_types (operator_id, created_at, id);
CREATE INDEX unit_types_site ON unit_types (site_id);

-- One price list for unit types, products and protection levels: owner_id names the owner.
CREATE TABLE prices (
  owner_id text NOT NULL,
  operator_id text NOT NULL REFERENCES operators(id),
  billing_period text NOT NULL,
  amount integer NOT NULL,
  stripe_price_id text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (owner_id, billing_period)
);

CREATE TABLE units (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  site_id text NOT NULL REFERENCES sites(id),
  unit_type_id text NOT NULL REFERENCES unit_types(id),
  reference_id text NOT NULL,
  status text NOT NULL,
  unit_allocation_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX units_operator_created ON units (operator_id, created_at, id);
CREATE INDEX units_operator_status ON units (operator_id, status, created_at);
CREATE INDEX units_unit_type ON units (unit_type_id, status);

CREATE TABLE product_categories (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  name text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE products (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  site_id text NOT NULL REFERENCES sites(id),
  category_id text REFERENCES product_categories(id),
  name text NOT NULL,
  description text,
  charge_type text NOT NULL,
  accounting_code text,
  sku text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX products_operator_created ON products (operator_id, created_at, id);

CREATE TABLE protection_levels (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  cover_level integer NOT NULL,
  account_code text,
  public boolean NOT NULL DEFAULT true,
  stripe_product_id text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX protection_levels_operator_created ON protection_levels (operator_id, created_at, id);

CREATE TABLE staff (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  name text NOT NULL,
  email text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (operator_id, email)
);

CREATE TABLE contract_templates (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  name text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE deal_stages (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  name text NOT NULL,
  position integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE timeline_sources (
  id text PRIMARY KEY,
  operator_id text REFERENCES operators(id),   -- null: a platform-wide ("global") source
  name text NOT NULL,
  website_url text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE timeline_templates (
  id text PRIMARY KEY,
  operator_id text REFERENCES operators(id),   -- null: global
  name text NOT NULL,
  message text NOT NULL,
  variables jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE contacts (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  email text NOT NULL,
  full_name text,
  phone_number text,
  tax_id text,
  company_registration_number text,
  address jsonb,
  type text,
  source text,
  marketing_source text,
  use_case text,
  status text NOT NULL DEFAULT 'lead',
  stripe_customer_id text,
  identity_check_required boolean NOT NULL DEFAULT false,
  identity_check_status text NOT NULL DEFAULT 'not_attempted',
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- Email is unique per operator, case-insensitively.
CREATE UNIQUE INDEX contacts_operator_email ON contacts (operator_id, lower(email));
CREATE INDEX contacts_operator_created ON contacts (operator_id, created_at, id);

CREATE TABLE tenancies (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  contact_id text NOT NULL REFERENCES contacts(id),
  site_id text NOT NULL REFERENCES sites(id),
  unit_type_id text REFERENCES unit_types(id),
  order_id text,
  subscription_id text,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX tenancies_contact ON tenancies (contact_id);

-- The outbox: one row per event, written in the transaction of the change that caused it.
CREATE TABLE events (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  type text NOT NULL,
  api_version text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  seq bigserial NOT NULL UNIQUE
);
CREATE INDEX events_operator_created ON events (operator_id, created_at);

-- Per-instance secrets (image URL signing) shared by every process on this database.
CREATE TABLE instance_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE images (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  owner_id text NOT NULL,
  name text NOT NULL DEFAULT 'default',
  filename text NOT NULL,
  content_type text NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (owner_id, name)
);
