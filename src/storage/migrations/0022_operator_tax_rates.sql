-- The operator's tax rates (docs/decisions/onboarding.md): set at setup (`lockyard setup --tax-rate`, the first-run
-- page) and in Settings → Operator; in basis points per line-item type like sites.tax_rates, which pricing reads.
-- Saving them applies them to every site of the operator; a site created later starts from them.
ALTER TABLE operators ADD COLUMN tax_rates jsonb NOT NULL DEFAULT '{}'::jsonb;
