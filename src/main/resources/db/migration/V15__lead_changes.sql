-- The change log behind the change feed, the commit-safe sync walk and delta exports
-- (docs/changes.md). Every write of a lead, or of what it holds, records one row per lead and
-- transaction, written by the triggers below in the writing transaction itself: a change is
-- committed exactly when its write is, whichever code path (API, bulk insert, COPY) wrote it.
--
-- A change is positioned by its transaction id (xid8, as bigint), then its lead id. Readers hand
-- out only changes of transactions older than the oldest one still running
-- (pg_snapshot_xmin(pg_current_snapshot())): nothing can commit behind that horizon any more, so
-- no change ever appears behind a position already handed out, however late its write commits.
create table lead_changes (
  workspace_id  text not null,
  xid           bigint not null,
  lead_id       text collate "C" not null,
  op            text not null check (op in ('created', 'updated', 'deleted')),
  changed_at    timestamptz not null,
  primary key (workspace_id, xid, lead_id)
);
-- Retention deletes by age.
create index lead_changes_changed_at on lead_changes (changed_at);

-- How far retention has deleted each workspace's changes: a cursor positioned before it may have
-- missed changes and is refused (410), never served with a gap.
create table lead_changes_purged (
  workspace_id  text primary key,
  through_xid   bigint not null
);

-- Leads: an insert is "created"; an update is "deleted" when it sets deleted_at, else "updated".
-- A lead written twice in one transaction keeps one row: "created" stays (the lead is new to a
-- reader), "deleted" wins, and a restore after a delete is an update.
create function lead_changes_of_leads() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into lead_changes (workspace_id, xid, lead_id, op, changed_at)
    select n.workspace_id, pg_current_xact_id()::text::bigint, n.id,
           case when n.deleted_at is null then 'created' else 'deleted' end, now()
    from new_rows n
    on conflict (workspace_id, xid, lead_id) do nothing;
  else
    insert into lead_changes (workspace_id, xid, lead_id, op, changed_at)
    select n.workspace_id, pg_current_xact_id()::text::bigint, n.id,
           case when n.deleted_at is not null and o.deleted_at is null then 'deleted'
                else 'updated' end, now()
    from new_rows n join old_rows o on o.id = n.id
    on conflict (workspace_id, xid, lead_id) do update set op = excluded.op
    where excluded.op = 'deleted' or lead_changes.op = 'deleted';
  end if;
  return null;
end $$;

create trigger leads_changes_insert after insert on leads
  referencing new table as new_rows for each statement execute function lead_changes_of_leads();
create trigger leads_changes_update after update on leads
  referencing old table as old_rows new table as new_rows
  for each statement execute function lead_changes_of_leads();

-- What a lead holds (contacts, opportunities, activities, addresses): any write is an update of
-- the lead, unless the lead already has a change in this transaction (its creation, say).
create function lead_changes_of_items() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    insert into lead_changes (workspace_id, xid, lead_id, op, changed_at)
    select distinct o.workspace_id, pg_current_xact_id()::text::bigint, o.lead_id, 'updated', now()
    from old_rows o
    on conflict (workspace_id, xid, lead_id) do nothing;
  else
    insert into lead_changes (workspace_id, xid, lead_id, op, changed_at)
    select distinct n.workspace_id, pg_current_xact_id()::text::bigint, n.lead_id, 'updated', now()
    from new_rows n
    on conflict (workspace_id, xid, lead_id) do nothing;
  end if;
  return null;
end $$;

-- List memberships carry no workspace: it is the lead's.
create function lead_changes_of_list_members() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    insert into lead_changes (workspace_id, xid, lead_id, op, changed_at)
    select distinct l.workspace_id, pg_current_xact_id()::text::bigint, l.id, 'updated', now()
    from old_rows o join leads l on l.id = o.lead_id
    on conflict (workspace_id, xid, lead_id) do nothing;
  else
    insert into lead_changes (workspace_id, xid, lead_id, op, changed_at)
    select distinct l.workspace_id, pg_current_xact_id()::text::bigint, l.id, 'updated', now()
    from new_rows n join leads l on l.id = n.lead_id
    on conflict (workspace_id, xid, lead_id) do nothing;
  end if;
  return null;
end $$;

-- A trigger with transition tables serves one event, so each table has three.
do $$
declare
  t text;
  f text;
begin
  foreach t in array array['contacts', 'opportunities', 'activities', 'addresses', 'list_members']
  loop
    f := case when t = 'list_members' then 'lead_changes_of_list_members'
              else 'lead_changes_of_items' end;
    execute format('create trigger %I after insert on %I referencing new table as new_rows '
                   'for each statement execute function %I()', t || '_changes_insert', t, f);
    execute format('create trigger %I after update on %I referencing new table as new_rows '
                   'for each statement execute function %I()', t || '_changes_update', t, f);
    execute format('create trigger %I after delete on %I referencing old table as old_rows '
                   'for each statement execute function %I()', t || '_changes_delete', t, f);
  end loop;
end $$;
