-- The items of each lead as export-ready text (docs/export-projection.md, "The items"): a nested
-- export (JSON, NDJSON, nested Parquet) reads a lead's contacts, opportunities, activities and
-- addresses from one row of lead_items, joined in its lead statement, instead of one query per
-- kind and batch whose item rows lie anywhere in their tables (issue 18: about 11 random page
-- visits a lead). Each column holds the rows the export's item queries returned (export's
-- LeadItemRows until V21): a two-dimensional text[], one inner array per item in the kind's
-- order, its fields in the order of the kind's ItemKind catalogue, each as the same SQL text
-- expression (numbers and dates ::text, timestamps in the documents' RFC 3339 format, channels as
-- jsonb's text). Null: the lead has no item of that kind. A side table, not columns of leads: the
-- lead row (CSV exports, COPY of the table) stays as narrow as it was.
create table lead_items (
  lead_id       text primary key references leads (id) on delete cascade,
  contacts      text[],
  opportunities text[],
  activities    text[],
  addresses     text[]
);

-- Writes the lead_items row of the leads ids: the kinds flagged are computed from the item tables,
-- the others kept (all four for a lead without a row yet). A row is written only when it changes
-- (is distinct from), and none for a lead with no items and no row. The one place the items' text
-- is spelled: the triggers below, the writers that write it themselves (store.LeadItems: the API's
-- inserts and updates, the synthetic seed) and the fill of existing leads all call it. Its own
-- datestyle, so that date::text is the same whichever session writes. PL/pgSQL, not SQL: a
-- session keeps its statement's plan, where an SQL function's is made again on every call (which
-- made a single create's PostgreSQL CPU four times V20's).
create function lead_items_write(ids text[], c boolean, o boolean, v boolean, a boolean)
returns void language plpgsql set datestyle = 'ISO, MDY' as $$
begin
  with computed as (
    select l.id,
      case when c or li.lead_id is null then
        (select array_agg(array[x.id, x.name, x.first_name, x.last_name, x.title, x.emails::text,
                                x.phones::text, x.urls::text] order by x.position)
         from contacts x where x.lead_id = l.id)
      else li.contacts end as contacts,
      case when o or li.lead_id is null then
        (select array_agg(array[x.id, x.status_type, x.status_label, x.value::text,
                                x.value_currency, x.value_period, x.confidence::text,
                                x.date_won::text, x.note, x.user_name] order by x.position)
         from opportunities x where x.lead_id = l.id)
      else li.opportunities end as opportunities,
      case when v or li.lead_id is null then
        (select array_agg(array[x.id, x.type,
                                to_char((x.occurred_at) at time zone 'UTC',
                                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                x.direction, x.duration::text, x.subject, x.body]
                          order by x.occurred_at, x.id)
         from activities x where x.lead_id = l.id)
      else li.activities end as activities,
      case when a or li.lead_id is null then
        (select array_agg(array[x.id, x.label, x.address_1, x.address_2, x.city, x.state,
                                x.zipcode, x.country] order by x.position)
         from addresses x where x.lead_id = l.id)
      else li.addresses end as addresses,
      li.lead_id is not null as stored
    from leads l left join lead_items li on li.lead_id = l.id
    where l.id = any(ids)
  )
  insert into lead_items as t (lead_id, contacts, opportunities, activities, addresses)
  select id, contacts, opportunities, activities, addresses from computed
  where stored or num_nonnulls(contacts, opportunities, activities, addresses) > 0
  on conflict (lead_id) do update
  set contacts = excluded.contacts, opportunities = excluded.opportunities,
      activities = excluded.activities, addresses = excluded.addresses
  where (t.contacts, t.opportunities, t.activities, t.addresses)
        is distinct from (excluded.contacts, excluded.opportunities, excluded.activities,
                          excluded.addresses);
end $$;

-- As V19's projection triggers: statement-level, with transition tables, for whatever code path
-- writes items (API, batch, COPY, SQL by hand); the leads locked first, in id order, so that two
-- writers of one lead's items compute it one after the other, the later from a snapshot that sees
-- the earlier's rows. A writer that writes the row itself says so with
-- "set local leadport.items_written = on" and the triggers skip for its transaction.
create function lead_items_of_items() returns trigger language plpgsql as $$
declare
  ids text[];
begin
  if current_setting('leadport.items_written', true) = 'on' then
    return null;
  end if;
  if tg_op = 'INSERT' then
    ids := array(select distinct lead_id from new_rows);
  elsif tg_op = 'DELETE' then
    ids := array(select distinct lead_id from old_rows);
  else
    ids := array(select lead_id from new_rows union select lead_id from old_rows);
  end if;
  perform 1 from leads where id = any(ids) order by id for update;
  perform lead_items_write(ids, tg_table_name = 'contacts', tg_table_name = 'opportunities',
                           tg_table_name = 'activities', tg_table_name = 'addresses');
  return null;
end $$;

do $$
declare
  t text;
begin
  foreach t in array array['contacts', 'opportunities', 'activities', 'addresses']
  loop
    execute format('create trigger %I after insert on %I referencing new table as new_rows '
                   'for each statement execute function lead_items_of_items()',
                   t || '_items_insert', t);
    execute format('create trigger %I after update on %I referencing old table as old_rows '
                   'new table as new_rows for each statement '
                   'execute function lead_items_of_items()', t || '_items_update', t);
    execute format('create trigger %I after delete on %I referencing old table as old_rows '
                   'for each statement execute function lead_items_of_items()',
                   t || '_items_delete', t);
  end loop;
end $$;

-- Leads stored before this migration, in one statement.
select lead_items_write(array(select id from leads), true, true, true, true);
