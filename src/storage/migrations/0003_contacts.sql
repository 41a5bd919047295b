-- Contact metadata keeps the order its keys were written in (as the reference's examples show);
-- jsonb would re-sort them by length. Nothing queries inside contact metadata, so json loses nothing.
ALTER TABLE contacts ALTER COLUMN metadata DROP DEFAULT;
ALTER TABLE contacts ALTER COLUMN metadata TYPE json USING metadata::json;
ALTER TABLE contacts ALTER COLUMN metadata SET DEFAULT '{}'::json;
