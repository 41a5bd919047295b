-- json keeps the payload's text as emitted (jsonb reorders keys by length), so the event log shows each
-- resource with the same key order as its show endpoint.
ALTER TABLE events ALTER COLUMN payload TYPE json USING payload::text::json;
