-- The generic job queue (webhook delivery is its first kind), webhook endpoints and the delivery log.

-- One row per unit of background work. Claimed with FOR UPDATE SKIP LOCKED; a claim is a lease
-- (lease_token + locked_until) so a killed worker's job is claimed again once the lease expires.
CREATE TABLE jobs (
  id text PRIMARY KEY,
  kind text NOT NULL,
  operator_id text REFERENCES operators(id),
  -- Lets a domain cancel related jobs at once (webhook delivery: the endpoint id).
  group_key text,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  state text NOT NULL DEFAULT 'pending',          -- pending | running | failed
  -- Machine time when due. Operator-clock due times are converted with clock_offset_ms and
  -- shifted when the sandbox clock moves (docs/decisions/jobs.md).
  run_at timestamptz NOT NULL,
  clock_offset_ms bigint NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  lease_token text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE state = 'running';
CREATE INDEX jobs_group ON jobs (group_key) WHERE group_key IS NOT NULL;
CREATE INDEX jobs_operator_pending ON jobs (operator_id, run_at) WHERE state = 'pending';

CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  -- Set when an OAuth application created it: only that application sees and manages it.
  application_id text,
  creator_id text NOT NULL,
  name text NOT NULL,
  description text,
  url text NOT NULL,
  api_version text NOT NULL,
  event_types text[] NOT NULL,
  -- json, not jsonb: metadata keeps the caller's key order, as the reference shows.
  metadata json NOT NULL DEFAULT '{}'::json,
  secret text NOT NULL,
  status text NOT NULL,                           -- enabled | disabled
  disabled_at timestamptz,
  -- Deleted endpoints stay as rows so the delivery log keeps pointing somewhere.
  deleted_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_operator_created ON webhook_endpoints (operator_id, created_at, id) WHERE deleted_at IS NULL;

-- The exact JSON body of an event as emitted (events.payload is jsonb, which reorders keys),
-- written only for events that have at least one subscribed endpoint.
CREATE TABLE webhook_payloads (
  event_id text PRIMARY KEY,
  operator_id text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);

-- One delivery per (event, subscribed endpoint); a resend is a new delivery.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  event_id text NOT NULL,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints(id),
  status text NOT NULL,                           -- pending | succeeded | failed | cancelled
  attempt_count integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,                    -- operator clock
  resend_of text,
  created_at timestamptz NOT NULL,                -- operator clock
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id, created_at);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (operator_id, updated_at) WHERE status <> 'pending';

-- Every attempt: the delivery log.
CREATE TABLE webhook_delivery_attempts (
  request_id text PRIMARY KEY,
  delivery_id text NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  attempted_at timestamptz NOT NULL,              -- operator clock
  status_code integer,
  duration_ms integer NOT NULL,
  response_snippet text,
  error text
);
CREATE INDEX webhook_delivery_attempts_delivery ON webhook_delivery_attempts (delivery_id, attempt);
