-- An operator's own wording of a customer email (docs/decisions/email-templates.md): Liquid subject, text and HTML
-- bodies per template name; no row means the built-in default (src/domain/email/email-templates.ts). Reset deletes
-- the row. The sender reads it when it renders the email.
CREATE TABLE email_templates (
  operator_id text NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  template text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text,
  PRIMARY KEY (operator_id, template)
);
