-- Signed webhooks (issue 17): endpoints a workspace subscribes, and the delivery queue.
-- The secret is kept as the whsec_ text because every delivery signs with it; the previous one
-- keeps signing until previous_secret_until, so receivers can rotate without a gap.
create table webhook_endpoints (
  id                     text primary key,
  workspace_id           text not null references workspaces (id),
  api_key_id             text references api_keys (id),
  url                    text not null,
  events                 text[] not null,
  description            text,
  secret                 text not null,
  previous_secret        text,
  previous_secret_until  timestamptz,
  disabled_at            timestamptz,
  disabled_reason        text,
  -- The change feed's position (a pg_snapshot) when an endpoint with lead.* events was created:
  -- it gets the changes that snapshot did not see, and no history.
  lead_from              text,
  created_at             timestamptz not null,
  updated_at             timestamptz not null,
  deleted_at             timestamptz
);
create index webhook_endpoints_workspace on webhook_endpoints (workspace_id, created_at)
  where deleted_at is null;

-- One message to one endpoint. Its id is the webhook-id header, the same on every attempt.
-- Workers claim due rows with FOR UPDATE SKIP LOCKED under a lease; each claim moves the fencing
-- token on, so an attempt whose lease was taken over cannot record its outcome.
create table webhook_deliveries (
  id                 text primary key,
  endpoint_id        text not null references webhook_endpoints (id),
  workspace_id       text not null,
  event_type         text not null,
  payload            text not null,
  state              text not null default 'pending'
                     check (state in ('pending', 'succeeded', 'failed')),
  attempts           integer not null default 0,
  next_attempt_at    timestamptz not null,
  lease_owner        text,
  lease_expires_at   timestamptz,
  fencing_token      bigint not null default 0,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  finished_at        timestamptz
);
-- What workers scan: pending messages by when they are due.
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where state = 'pending';
-- The delivery log of an endpoint, newest first.
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc, id desc);

-- Every attempt of a delivery: when, how long, and the status code or the error.
create table webhook_attempts (
  id            bigserial primary key,
  delivery_id   text not null references webhook_deliveries (id),
  attempted_at  timestamptz not null,
  duration_ms   integer not null,
  status_code   integer,
  error         text,
  owner         text not null
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempted_at desc);

-- Where each workspace's lead.* dispatch has read the change feed to (ChangePosition's parts). It
-- moves in the transaction that queues the deliveries of the changes before it, so every change is
-- queued once, even when a node dies mid-dispatch; the row lock keeps nodes from doubling up.
create table webhook_lead_cursors (
  workspace_id  text primary key references workspaces (id),
  snapshot      text not null,
  after_xid     bigint not null default 0,
  after_lead    text not null default '',
  updated_at    timestamptz not null
);
