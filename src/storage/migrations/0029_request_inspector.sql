-- The request inspector (`GET /sandbox/requests/{id}`, Developers → Requests; docs/decisions/request-inspector.md).

-- The API request whose transaction wrote the event: set by the emit itself, in the change's own transaction, so a
-- committed change is linked to its request with no crash window. Null for jobs, the seed, the CLI and pages.
ALTER TABLE events ADD COLUMN request_id text;
CREATE INDEX events_operator_request ON events (operator_id, request_id) WHERE request_id IS NOT NULL;

-- One row per answered API request of an operator in sandbox mode, written once the response is sent (a log: a
-- request the server crashed in the middle of still has its events, found by `events.request_id`). Kept 30 days.
-- No foreign key: snapshots leave this log out, and restoring them empties `operators`.
CREATE TABLE request_log (
  request_id text PRIMARY KEY,
  operator_id text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  status integer NOT NULL,
  duration_ms integer NOT NULL,
  token_id text,
  application_id text,
  -- The record the response names (a create's new id, an update's id), for changes no event reports.
  resource_type text,
  resource_id text,
  created_at timestamptz NOT NULL                 -- real time: a log line, not business data
);
CREATE INDEX request_log_operator_created ON request_log (operator_id, created_at, request_id);

-- The headers each attempt was sent with (signature included), shown in the delivery log as sent.
ALTER TABLE webhook_delivery_attempts ADD COLUMN request_headers json;
