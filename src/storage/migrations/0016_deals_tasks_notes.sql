-- Deals, tasks and notes: the CRM side of the API (docs/decisions/deals-tasks-notes.md).

CREATE TABLE deals (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  name text NOT NULL,
  contact_id text NOT NULL REFERENCES contacts(id),
  -- A won or lost deal keeps the stage it was in: reopening puts it back there unless told otherwise.
  stage_id text NOT NULL REFERENCES deal_stages(id),
  status text NOT NULL DEFAULT 'open',
  lost_reason text,
  assignee_id text REFERENCES staff(id),
  -- staff_, app_ or tok_: whoever created it; not a foreign key (three tables).
  creator_id text NOT NULL,
  site_id text REFERENCES sites(id),
  note text,
  value_estimate text,
  starts_at timestamptz,
  -- [{type, item_id, quantity}], at most one per type.
  line_items jsonb NOT NULL DEFAULT '[]'::jsonb,
  metadata json NOT NULL DEFAULT '{}'::json,   -- json, not jsonb: keys come back in the order written
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (status IN ('open', 'won', 'lost')),
  CHECK ((status = 'lost') = (lost_reason IS NOT NULL))
);
CREATE INDEX deals_operator_created ON deals (operator_id, created_at, id);
CREATE INDEX deals_contact ON deals (contact_id);

CREATE TABLE tasks (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  title text NOT NULL,
  description text,
  due_at timestamptz,
  status text NOT NULL DEFAULT 'open',
  completed_at timestamptz,
  assignee_id text REFERENCES staff(id),
  creator_id text NOT NULL,
  site_id text REFERENCES sites(id),
  -- The related record (contact, deal, tenancy, unit, subscription), checked by the domain.
  resource_type text,
  resource_id text,
  metadata json NOT NULL DEFAULT '{}'::json,   -- json, not jsonb: keys come back in the order written
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (status IN ('open', 'completed')),
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX tasks_operator_created ON tasks (operator_id, created_at, id);
CREATE INDEX tasks_resource ON tasks (resource_id);

CREATE TABLE notes (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id),
  content text NOT NULL,
  creator_id text NOT NULL,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  metadata json NOT NULL DEFAULT '{}'::json,   -- json, not jsonb: keys come back in the order written
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX notes_operator_created ON notes (operator_id, created_at, id);
CREATE INDEX notes_resource ON notes (resource_id);
