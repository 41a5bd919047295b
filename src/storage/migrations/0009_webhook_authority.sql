-- Webhook endpoints answer to the credential that created them (issue 8, docs/decisions/webhooks.md):
-- deliveries re-check its current scopes, and revoking it disables the endpoint.

-- authority_kind: token (an operator access token, authority_id tok_…), grant (a partner's OAuth grant, grant_…),
-- application (an operator's Client Credentials application, app_…) or staff.
ALTER TABLE webhook_endpoints ADD COLUMN authority_kind text;
ALTER TABLE webhook_endpoints ADD COLUMN authority_id text;
-- Why the endpoint is disabled: disabled (through the API), operator_disabled (back office), token_revoked,
-- grant_revoked, application_deleted. Null while enabled.
ALTER TABLE webhook_endpoints ADD COLUMN disabled_reason text;

-- Endpoints from before: their creator is their authority (an application's grants decide at delivery time).
UPDATE webhook_endpoints SET
  authority_kind = CASE WHEN creator_id LIKE 'tok\_%' THEN 'token' WHEN creator_id LIKE 'app\_%' THEN 'application' ELSE 'staff' END,
  authority_id = creator_id,
  disabled_reason = CASE WHEN status = 'disabled' THEN 'disabled' END;
ALTER TABLE webhook_endpoints ALTER COLUMN authority_kind SET NOT NULL;
ALTER TABLE webhook_endpoints ALTER COLUMN authority_id SET NOT NULL;
CREATE INDEX webhook_endpoints_authority ON webhook_endpoints (authority_kind, authority_id) WHERE deleted_at IS NULL;
CREATE INDEX webhook_endpoints_application ON webhook_endpoints (operator_id, application_id) WHERE deleted_at IS NULL;

-- Why a delivery ended without success, when it was not its attempts: the endpoint was disabled or deleted,
-- its authority revoked, or its creator may no longer read the event's resource (skipped, never retried).
ALTER TABLE webhook_deliveries ADD COLUMN status_reason text;
