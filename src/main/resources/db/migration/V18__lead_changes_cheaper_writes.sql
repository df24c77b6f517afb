-- The change log's cost per write, lowered where it was measured (docs/changes.md, bench/changes):
--
-- Retention finds old changes by changed_at, which grows with the table's insertion order: a BRIN
-- index serves that scan as well as the B-tree did, and costs next to nothing per insert, where the
-- B-tree was a second index entry for every change.
drop index lead_changes_changed_at;
create index lead_changes_changed_at on lead_changes using brin (changed_at);

-- An inserted lead is new to the transaction: a lead's id is inserted once (the leads' primary
-- key), and what it holds can only be written after it (their foreign keys), so nothing has
-- recorded a change of it yet and its change is a plain insert. ON CONFLICT's speculative
-- insertion, about a third of this trigger's time, is kept for updates only, where a lead may have
-- been written earlier in the transaction. The transaction id is taken once per statement.
create or replace function lead_changes_of_leads() returns trigger language plpgsql as $$
declare
  tx bigint := pg_current_xact_id()::text::bigint;
begin
  if tg_op = 'INSERT' then
    insert into lead_changes (workspace_id, xid, lead_id, op, changed_at)
    select n.workspace_id, tx, n.id,
           case when n.deleted_at is null then 'created' else 'deleted' end, now()
    from new_rows n;
  else
    insert into lead_changes (workspace_id, xid, lead_id, op, changed_at)
    select n.workspace_id, tx, n.id,
           case when n.deleted_at is not null and o.deleted_at is null then 'deleted'
                else 'updated' end, now()
    from new_rows n join old_rows o on o.id = n.id
    on conflict (workspace_id, xid, lead_id) do update set op = excluded.op
    where excluded.op = 'deleted' or lead_changes.op = 'deleted';
  end if;
  return null;
end $$;
