-- A lead_items row (V21) that would hold no items any more is deleted instead of kept all null:
-- a lead that loses its last item is then as one that never had any (no row), whichever way it got
-- there, and the table holds one row a lead with items (issue 18). The function as V21's, but for
-- the delete (a data-modifying CTE: it and the insert touch different leads) and the insert's
-- filter; the triggers call it by name and need no change.
create or replace function lead_items_write(ids text[], c boolean, o boolean, v boolean, a boolean)
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
  ),
  emptied as (
    delete from lead_items t using computed e
    where t.lead_id = e.id and e.stored
      and num_nonnulls(e.contacts, e.opportunities, e.activities, e.addresses) = 0
  )
  insert into lead_items as t (lead_id, contacts, opportunities, activities, addresses)
  select id, contacts, opportunities, activities, addresses from computed
  where num_nonnulls(contacts, opportunities, activities, addresses) > 0
  on conflict (lead_id) do update
  set contacts = excluded.contacts, opportunities = excluded.opportunities,
      activities = excluded.activities, addresses = excluded.addresses
  where (t.contacts, t.opportunities, t.activities, t.addresses)
        is distinct from (excluded.contacts, excluded.opportunities, excluded.activities,
                          excluded.addresses);
end $$;

-- Rows emptied before this migration.
delete from lead_items where num_nonnulls(contacts, opportunities, activities, addresses) = 0;
