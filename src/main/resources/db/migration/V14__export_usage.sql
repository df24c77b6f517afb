-- Rows exported by streamed answers (sync segments, JSON:API renders), one line per answer: with
-- the rows_done of the async jobs that succeeded, the rows a workspace spent of its rolling 24 h
-- budget (LEADPORT_EXPORT_ROWS_QUOTA, docs/operations.md "Quotas"). Lines older than a day are of no
-- use and are deleted by whoever records the next one of the workspace.
create table export_usage (
  workspace_id  text not null,
  surface       text not null,
  rows          bigint not null check (rows >= 0),
  at            timestamptz not null
);
create index export_usage_workspace on export_usage (workspace_id, at);
-- The budget reads the succeeded jobs of a workspace by finish time.
create index export_jobs_workspace_finished on export_jobs (workspace_id, finished_at)
  where state = 'succeeded';
