-- Client addresses each staff login has signed in from. The account-wide sign-in throttle spares them, so an
-- attacker failing from elsewhere cannot hold the real user out (docs/decisions/staff-sign-in.md).
CREATE TABLE staff_sign_in_addresses (
  user_id text NOT NULL REFERENCES staff_users(id),
  ip text NOT NULL,
  last_signed_in_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, ip)
);
-- Pruning failures past the throttle window.
CREATE INDEX staff_sign_in_failures_at ON staff_sign_in_failures (at);
