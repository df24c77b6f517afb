-- The export-job table is the queue: workers claim rows with FOR UPDATE SKIP LOCKED, hold a lease
-- renewed by heartbeat, and publish only while their fencing token is still the row's.
create table export_jobs (
  id                 text primary key,
  workspace_id       text not null references workspaces (id),
  api_key_id         text references api_keys (id),
  surface            text not null,
  spec               jsonb not null,
  request            jsonb not null,
  state              text not null default 'queued'
                     check (state in ('queued', 'running', 'succeeded', 'failed', 'canceled')),
  rows_done          bigint not null default 0,
  rows_total         bigint,
  error_code         text,
  error_message      text,
  file_key           text,
  file_size          bigint,
  file_sha256        text,
  idempotency_key    text,
  request_hash       text,
  lease_owner        text,
  lease_expires_at   timestamptz,
  fencing_token      bigint not null default 0,
  attempts           integer not null default 0,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  started_at         timestamptz,
  finished_at        timestamptz,
  unique (workspace_id, idempotency_key)
);
-- What workers scan: pending jobs in creation order.
create index export_jobs_pending on export_jobs (created_at, id) where state in ('queued', 'running');
-- Per-workspace listing and the rolling 24 h quota.
create index export_jobs_workspace on export_jobs (workspace_id, created_at);
