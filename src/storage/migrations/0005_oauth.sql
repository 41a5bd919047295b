-- OAuth 2.0 provider and back-office sign-in (issue 5). PostgreSQL 15 syntax.

-- Partner applications (operator_id null) are registered by the platform and any operator may authorise them;
-- operator applications belong to one operator and use Client Credentials for it only.
CREATE TABLE oauth_applications (
  id text PRIMARY KEY,
  kind text NOT NULL,                      -- partner | operator
  operator_id text REFERENCES operators(id),
  name text NOT NULL,
  client_id text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  secret_hint text NOT NULL,
  redirect_uris text[] NOT NULL DEFAULT '{}',
  scopes text[] NOT NULL,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((kind = 'partner') = (operator_id IS NULL))
);
CREATE INDEX oauth_applications_operator ON oauth_applications (operator_id, created_at);

-- One exchanged authorisation (consent → code → chain of refresh tokens) of an application by one operator.
CREATE TABLE oauth_grants (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  application_id text NOT NULL REFERENCES oauth_applications(id),
  scopes text[] NOT NULL,
  staff_user_id text,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX oauth_grants_operator ON oauth_grants (operator_id, application_id) WHERE revoked_at IS NULL;

CREATE TABLE oauth_codes (
  code_hash text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  application_id text NOT NULL REFERENCES oauth_applications(id),
  staff_user_id text NOT NULL,
  scopes text[] NOT NULL,
  redirect_uri text NOT NULL,
  redirect_uri_given boolean NOT NULL,
  code_challenge text,
  grant_id text REFERENCES oauth_grants(id),   -- set when exchanged, so a replay can revoke what it issued
  used_at timestamptz,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);

-- Each refresh token is paired with the access token issued alongside it (access_tokens.id).
CREATE TABLE oauth_refresh_tokens (
  id text PRIMARY KEY,
  grant_id text NOT NULL REFERENCES oauth_grants(id),
  token_hash text NOT NULL UNIQUE,
  access_token_id text NOT NULL REFERENCES access_tokens(id),
  revoked_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX oauth_refresh_tokens_grant ON oauth_refresh_tokens (grant_id);
CREATE INDEX oauth_refresh_tokens_access_token ON oauth_refresh_tokens (access_token_id);

-- People who sign in to the back office. One person may belong to several operators.
CREATE TABLE staff_users (
  id text PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX staff_users_email ON staff_users (lower(email));

CREATE TABLE staff_memberships (
  user_id text NOT NULL REFERENCES staff_users(id),
  operator_id text NOT NULL REFERENCES operators(id),
  staff_id text,                            -- the operator's staff record, when there is one
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, operator_id)
);

CREATE TABLE staff_sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES staff_users(id),
  operator_id text REFERENCES operators(id),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

-- Failed sign-ins, counted per email and per client address over a sliding window (throttling).
CREATE TABLE staff_sign_in_failures (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX staff_sign_in_failures_email ON staff_sign_in_failures (lower(email), at);
CREATE INDEX staff_sign_in_failures_ip ON staff_sign_in_failures (ip, at);
