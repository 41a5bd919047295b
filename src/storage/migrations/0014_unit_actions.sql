-- Unit actions (reserve, grant access, deallocate, overlock) and the operator's lifecycle settings.
-- PostgreSQL 15 syntax.

-- What the operator decides about automatic steps; no row means the defaults below.
CREATE TABLE lifecycle_settings (
  operator_id text PRIMARY KEY REFERENCES operators(id),
  -- Booking completion reserves an available unit of the booked unit type.
  auto_reservation boolean NOT NULL DEFAULT false,
  -- Move-out (the subscription's end) deallocates the tenancy's units.
  auto_deallocation boolean NOT NULL DEFAULT true,
  -- Days after a failed collection at which payment is tried again; after the last, uncollectible.
  dunning_retry_days integer[] NOT NULL DEFAULT '{3,5,7}',
  -- Days an invoice may stay unpaid after it fell due before the contact's units are overlocked; null: never.
  overlock_after_days integer DEFAULT 14,
  updated_at timestamptz NOT NULL
);

-- Allocation list filters: by tenancy (exists), by unit (unique, exists); contact and site go through them.
CREATE INDEX tenancies_operator_contact ON tenancies (operator_id, contact_id);
