-- The export projection (docs/export-projection.md): each lead row carries what an export of it
-- would otherwise look up per lead on every export (two lateral subqueries and JSON extraction):
-- its primary contact's name, first email address and first phone number, and its primary
-- address's parts. "Primary" is the first by position, as the exports always read it. Triggers on
-- contacts and addresses keep them in the writing transaction, whichever code path writes (API,
-- batch, COPY); a writer that already wrote them with the lead (the synthetic seed) says so with
-- "set local leadport.projection_written = on" and the triggers skip their check.
alter table leads
  add column primary_contact_name  text,
  add column primary_contact_email text,
  add column primary_contact_phone text,
  add column primary_address_1     text,
  add column primary_address_2     text,
  add column primary_city          text,
  add column primary_state         text,
  add column primary_zipcode       text,
  add column primary_country       text;

-- Sets the primary contact columns of the leads ids from their contacts, writing only leads whose
-- columns change (a lead row written needlessly costs a new row version and index entries).
create function leads_primary_contact(ids text[]) returns void language sql as $$
  update leads l
  set primary_contact_name = p.name, primary_contact_email = p.email,
      primary_contact_phone = p.phone
  from unnest(ids) k(lead_id)
  left join lateral (select c.name, c.emails -> 0 ->> 'email' as email,
                            c.phones -> 0 ->> 'phone' as phone
                     from contacts c where c.lead_id = k.lead_id
                     order by c.position limit 1) p on true
  where l.id = k.lead_id
    and (l.primary_contact_name, l.primary_contact_email, l.primary_contact_phone)
        is distinct from (p.name, p.email, p.phone)
$$;

create function leads_primary_address(ids text[]) returns void language sql as $$
  update leads l
  set primary_address_1 = p.address_1, primary_address_2 = p.address_2, primary_city = p.city,
      primary_state = p.state, primary_zipcode = p.zipcode, primary_country = p.country
  from unnest(ids) k(lead_id)
  left join lateral (select a.address_1, a.address_2, a.city, a.state, a.zipcode, a.country
                     from addresses a where a.lead_id = k.lead_id
                     order by a.position limit 1) p on true
  where l.id = k.lead_id
    and (l.primary_address_1, l.primary_address_2, l.primary_city, l.primary_state,
         l.primary_zipcode, l.primary_country)
        is distinct from (p.address_1, p.address_2, p.city, p.state, p.zipcode, p.country)
$$;

-- One trigger function for both tables and every event; the leads touched are those of the rows
-- written (both old and new for an update: a contact may move to another lead).
create function leads_projection_of_items() returns trigger language plpgsql as $$
declare
  ids text[];
begin
  if current_setting('leadport.projection_written', true) = 'on' then
    return null;
  end if;
  if tg_op = 'INSERT' then
    ids := array(select distinct lead_id from new_rows);
  elsif tg_op = 'DELETE' then
    ids := array(select distinct lead_id from old_rows);
  else
    ids := array(select lead_id from new_rows union select lead_id from old_rows);
  end if;
  -- Lock the leads first, in one order: a concurrent transaction writing the same lead's items
  -- then waits here until it commits, and the update below (a new statement, so a new snapshot
  -- under read committed) sees its rows. Computed from the statement's own snapshot instead, two
  -- writers adding contacts to one lead at once could each set their own as the primary.
  perform 1 from leads where id = any(ids) order by id for update;
  if tg_table_name = 'contacts' then
    perform leads_primary_contact(ids);
  else
    perform leads_primary_address(ids);
  end if;
  return null;
end $$;

do $$
declare
  t text;
begin
  foreach t in array array['contacts', 'addresses']
  loop
    execute format('create trigger %I after insert on %I referencing new table as new_rows '
                   'for each statement execute function leads_projection_of_items()',
                   t || '_projection_insert', t);
    execute format('create trigger %I after update on %I referencing old table as old_rows '
                   'new table as new_rows for each statement '
                   'execute function leads_projection_of_items()', t || '_projection_update', t);
    execute format('create trigger %I after delete on %I referencing old table as old_rows '
                   'for each statement execute function leads_projection_of_items()',
                   t || '_projection_delete', t);
  end loop;
end $$;

-- The projection's own writes are no change of their own: the write of the contact or address
-- that caused one is logged by that table's change trigger already. Without this, the projection
-- of a lead deleted earlier in the same transaction would turn its "deleted" change into
-- "updated".
create or replace function lead_changes_of_leads() returns trigger language plpgsql as $$
declare
  tx bigint := pg_current_xact_id()::text::bigint;
begin
  if pg_trigger_depth() > 1 then
    return null;
  end if;
  -- As V18 has it: an inserted lead is new to the transaction, so its change is a plain insert.
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

-- Leads stored before this migration.
update leads l
set (primary_contact_name, primary_contact_email, primary_contact_phone) =
      (select c.name, c.emails -> 0 ->> 'email', c.phones -> 0 ->> 'phone'
       from contacts c where c.lead_id = l.id order by c.position limit 1),
    (primary_address_1, primary_address_2, primary_city, primary_state, primary_zipcode,
     primary_country) =
      (select a.address_1, a.address_2, a.city, a.state, a.zipcode, a.country
       from addresses a where a.lead_id = l.id order by a.position limit 1)
where exists (select from contacts c where c.lead_id = l.id)
   or exists (select from addresses a where a.lead_id = l.id);
