-- Faults on purpose (issue 12, docs/decisions/sandbox-faults.md): latency, 429 storms, 5xx rates, webhook delivery
-- timeouts and signature-secret rotation, per access token or OAuth application, sandbox mode only. One row per
-- (operator, target, kind); clearing deletes it.
CREATE TABLE api_faults (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  target_kind text NOT NULL,            -- token | application
  target_id text NOT NULL,              -- tok_… | app_…
  kind text NOT NULL,                   -- latency | rate_limit | server_error | webhook_timeout | webhook_signature_rotation
  -- Which requests or attempts: every Nth, or a seeded rate; and the kind's own settings (ms, status, retry_after,
  -- the rotation's new secret). Validated by the domain (src/domain/faults/fault.ts).
  settings jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (operator_id, target_kind, target_id, kind)
);
