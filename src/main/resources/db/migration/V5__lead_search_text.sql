-- Free text and name searches: one text per lead holding its name, URL and every contact's name,
-- email addresses and phone numbers, behind one trigram index (ILIKE '%…%' and regexes alike).
-- Written by the application with the lead; one index on leads is far cheaper to keep than
-- several over contacts.
create extension if not exists pg_trgm;

alter table leads add column search_text text not null default '';

-- Leads stored before this migration get the same text the application writes.
update leads l set search_text = concat_ws(E'\n',
    nullif(l.display_name, ''),
    nullif(l.url, ''),
    (select string_agg(concat_ws(E'\n',
              nullif(c.name, ''),
              (select string_agg(e ->> 'email', E'\n') from jsonb_array_elements(c.emails) e),
              (select string_agg(p ->> 'phone', E'\n') from jsonb_array_elements(c.phones) p)),
            E'\n' order by c.position)
     from contacts c where c.lead_id = l.id));
create index leads_search_trgm on leads using gin (search_text gin_trgm_ops)
  -- Bulk loads append to a large pending list and merge it in sorted batches.
  with (fastupdate = on, gin_pending_list_limit = 65536);
