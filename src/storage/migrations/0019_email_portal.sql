-- Customer email (outbox and sandbox mailbox) and the customer portal's sign-in (docs/decisions/email.md,
-- docs/decisions/portal.md). PostgreSQL 15 syntax.

-- Every email the platform sends to a contact. Written in the transaction of its cause (status `queued`, with an
-- `email.send` job); the job renders and sends it: `sent` over SMTP (production), `captured` in the sandbox
-- mailbox (sandbox mode, nothing leaves the machine), or `failed` after its retries.
CREATE TABLE emails (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  contact_id text NOT NULL REFERENCES contacts(id),
  template text NOT NULL,
  to_address text NOT NULL,
  -- What the template is rendered with, taken when the cause committed (the email tells what happened then).
  data jsonb NOT NULL,
  -- The cause: an event id, or the record that asked for it (a sign-in request).
  cause text,
  status text NOT NULL,
  subject text,
  body_text text,
  body_html text,
  message_id text,
  last_error text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX emails_operator_created ON emails (operator_id, created_at, id);
CREATE INDEX emails_contact ON emails (operator_id, contact_id);

-- A customer portal account: set up after checkout (a password) or on first sign-in by emailed link.
CREATE TABLE portal_accounts (
  contact_id text PRIMARY KEY REFERENCES contacts(id),
  operator_id text NOT NULL REFERENCES operators(id),
  password_hash text,
  created_at timestamptz NOT NULL,
  last_sign_in_at timestamptz
);

-- Emailed sign-in links: only the SHA-256 of the token is kept; single use; lifetime on real time. A request
-- that sent nothing (unknown email, the contact's limit reached) is kept too, without a contact and already
-- used, so the asking address's limit counts every request.
CREATE TABLE portal_sign_in_tokens (
  token_hash text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  contact_id text REFERENCES contacts(id),
  requested_from text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX portal_sign_in_tokens_contact ON portal_sign_in_tokens (operator_id, contact_id, created_at);
CREATE INDEX portal_sign_in_tokens_address ON portal_sign_in_tokens (requested_from, created_at);

-- Portal sessions: the cookie's SHA-256; real-time expiry.
CREATE TABLE portal_sessions (
  session_hash text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  contact_id text NOT NULL REFERENCES contacts(id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
