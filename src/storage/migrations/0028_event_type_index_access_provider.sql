-- Events filtered by type (`GET /sandbox/events?type=…`, the events service's list): newest first within one type of
-- one operator straight off the index, instead of walking every event of the operator by seq and discarding the
-- other types (docs/performance.md).
CREATE INDEX events_operator_type_seq ON events (operator_id, type, seq);

-- Which access-control provider drives the operator's doors (docs/decisions/access-control.md). A name in the
-- registry built at start (`simulated`, the built-in, or an add-on's); no row means `simulated`.
CREATE TABLE access_control_settings (
  operator_id text PRIMARY KEY REFERENCES operators(id) ON DELETE CASCADE,
  provider text NOT NULL,
  updated_at timestamptz NOT NULL
);
