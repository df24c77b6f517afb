-- HubSpot task ids (export_jobs.seq) are numbered per workspace: one counter shared by every
-- workspace let a tenant count the exports of all others (docs/hubspot-exports.md). Existing
-- jobs keep their numbers, so task ids already handed out stay valid; each workspace's counter
-- continues from its highest one. The counter row is locked by the upsert, so two concurrent
-- submissions of one workspace get two numbers, and a rolled-back insert gives its number back.
alter table export_jobs alter column seq drop identity;

drop index export_jobs_seq;
create unique index export_jobs_workspace_seq on export_jobs (workspace_id, seq);

create table export_task_numbers (
  workspace_id text primary key references workspaces (id),
  last_seq     bigint not null
);

insert into export_task_numbers (workspace_id, last_seq)
  select workspace_id, max(seq) from export_jobs group by workspace_id;

create function export_jobs_next_seq() returns trigger language plpgsql as $$
begin
  insert into export_task_numbers as n (workspace_id, last_seq)
    values (new.workspace_id, 1)
    on conflict (workspace_id) do update set last_seq = n.last_seq + 1
    returning n.last_seq into new.seq;
  return new;
end
$$;

create trigger export_jobs_seq before insert on export_jobs
  for each row execute function export_jobs_next_seq();
