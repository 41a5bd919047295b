-- The broker's own schema (it runs beside, not inside, Lockyard). Secrets a plugin presents are stored as SHA-256.
CREATE TABLE IF NOT EXISTS broker_installs (
  id text PRIMARY KEY,
  secret_hash text NOT NULL,
  return_url text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One pending authorize round trip: the state sent to the authorization server and its PKCE verifier.
CREATE TABLE IF NOT EXISTS broker_authorizations (
  state text PRIMARY KEY,
  install_id text NOT NULL REFERENCES broker_installs (id) ON DELETE CASCADE,
  code_verifier text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- The grant of an install. The refresh token never leaves the broker.
CREATE TABLE IF NOT EXISTS broker_grants (
  install_id text PRIMARY KEY REFERENCES broker_installs (id) ON DELETE CASCADE,
  access_token text NOT NULL,
  refresh_token text,
  expires_at timestamptz NOT NULL,
  scope text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One-time codes the plugin's browser carries back; the plugin's server swaps one for the access token.
CREATE TABLE IF NOT EXISTS broker_exchange_codes (
  code_hash text PRIMARY KEY,
  install_id text NOT NULL REFERENCES broker_installs (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
