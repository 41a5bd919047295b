-- Lists at scale (docs/performance.md, bench/scale.ts): a site's units by status come out of one index already in
-- the list's order (created_at, id), and the exact count of the same filter is an index-only scan; before, Postgres
-- intersected units_site with units_operator_created and sorted every match.
CREATE INDEX units_operator_site_status ON units (operator_id, site_id, status, created_at, id);
