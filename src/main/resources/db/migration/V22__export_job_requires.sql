-- Issue 19, the job-table capability guard for rolling upgrades (docs/deploy.md, "Rolling
-- upgrades"): each job names what a node must be able to do to run it (its format, its packaging,
-- nested documents, parts: jobs.Capabilities), set when the job is created, and a worker claims
-- only jobs whose every requirement it knows. A node of a later version that adds a capability
-- marks the jobs that need it, and a node of this version leaves them queued for a node that
-- knows it, instead of claiming and failing them. Jobs from before this migration require
-- nothing: every node since V20 runs them.
alter table export_jobs add column requires text[] not null default '{}';
