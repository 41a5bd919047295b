-- Back-office roles per membership (docs/decisions/staff-roles.md): an owner manages staff and everything a manager
-- does; a manager changes settings, tokens, applications, webhook endpoints and add-ons; staff do day-to-day work.
-- Existing memberships were made by the seed or by hand as the operator's administrators: they become owners.
ALTER TABLE staff_memberships
  ADD COLUMN role text NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'manager', 'staff'));
ALTER TABLE staff_memberships ALTER COLUMN role DROP DEFAULT;
