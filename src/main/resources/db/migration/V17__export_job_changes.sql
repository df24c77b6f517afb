-- Issue 17, snapshot-to-stream handoff: the change feed position of a job's export snapshot
-- (pg_snapshot text, xmin:xmax:xip), from which the feed holds exactly the changes the export
-- did not see. Null until the job succeeded, and for jobs finished before this column.
alter table export_jobs add column changes_position text;
