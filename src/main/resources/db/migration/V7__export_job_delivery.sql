-- What happens around an export job's file: the done email (sent at most once: a worker claims
-- it by moving notify from 'pending' to 'sending'), the file's removal by the retention sweeper,
-- and deletion of the job by its owner (its download links die with it).
alter table export_jobs
  add column notify text not null default 'none'
    check (notify in ('none', 'pending', 'sending', 'sent', 'failed')),
  add column notify_error text,
  add column file_deleted_at timestamptz,
  add column deleted_at timestamptz;

-- What the retention sweeper scans: published files by age.
create index export_jobs_files on export_jobs (finished_at) where file_key is not null;
-- Finished jobs whose done email has not been claimed yet.
create index export_jobs_notify on export_jobs (finished_at) where notify = 'pending';
