-- Payments an add-on records on an invoice (POST {apiUrl}/v1/admin/invoices/{id}/payments): how a billing add-on
-- settles a charge it answered `processing`. Kept after the install is uninstalled (a financial record), so no
-- foreign key to addon_installs. `reference` (the gateway's charge id) makes a retried call harmless: one
-- reference per add-on.
CREATE TABLE addon_invoice_payments (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  invoice_id text NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  addon_id text NOT NULL,
  reference text,
  type text NOT NULL,
  method text NOT NULL,
  -- Minor units, as invoices.
  amount integer NOT NULL,
  date text NOT NULL,
  notes text,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX addon_invoice_payments_reference ON addon_invoice_payments (addon_id, reference)
  WHERE reference IS NOT NULL;
CREATE INDEX addon_invoice_payments_invoice ON addon_invoice_payments (invoice_id);
