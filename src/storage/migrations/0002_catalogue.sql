-- Catalogue: unit allocations and the indexes the catalogue lists filter on. PostgreSQL 15 syntax.

-- Links one unit to one tenancy. A deallocation deletes the row (the reference removes it entirely).
CREATE TABLE unit_allocations (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  unit_id text NOT NULL REFERENCES units(id),
  tenancy_id text NOT NULL REFERENCES tenancies(id),
  reserved_at timestamptz,
  granted_access_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- A unit holds at most one allocation at a time.
CREATE UNIQUE INDEX unit_allocations_unit ON unit_allocations (unit_id);
CREATE INDEX unit_allocations_tenancy ON unit_allocations (tenancy_id);
CREATE INDEX unit_allocations_operator_created ON unit_allocations (operator_id, created_at, id);

ALTER TABLE units
  ADD CONSTRAINT units_unit_allocation_fk FOREIGN KEY (unit_allocation_id) REFERENCES unit_allocations(id) ON DELETE SET NULL;

CREATE INDEX units_site ON units (site_id, status);
CREATE INDEX products_site ON products (site_id, created_at);
CREATE INDEX product_categories_operator_name ON product_categories (operator_id, name, id);
