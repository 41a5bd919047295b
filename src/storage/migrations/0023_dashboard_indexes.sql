-- The back-office dashboard (docs/decisions/dashboard.md) reads grouped counts; each comes from its own index so
-- the page stays cheap at the scale bench's million units (no scan of every tenancy or invoice ever written).
-- Units per (unit type, status): an index-only scan gives occupancy per site and its area.
CREATE INDEX units_operator_type_status ON units (operator_id, unit_type_id, status);
-- Move-ins and move-outs in the next days: a range on the start or end instant.
CREATE INDEX tenancies_operator_starts ON tenancies (operator_id, starts_at);
CREATE INDEX tenancies_operator_ends ON tenancies (operator_id, ends_at) WHERE ends_at IS NOT NULL;
-- Overdue invoices: only the unpaid ones are indexed, a small part of all invoices.
CREATE INDEX invoices_operator_unpaid ON invoices (operator_id, finalized_at)
  WHERE status IN ('open', 'uncollectible');
-- Open tasks, open deals by stage.
CREATE INDEX tasks_operator_open ON tasks (operator_id, due_at) WHERE status = 'open';
CREATE INDEX deals_operator_open_stage ON deals (operator_id, stage_id) WHERE status = 'open';
