-- Free text and name searches: one text per lead holding its name, URL and every contact's name,
-- email addresses and phone numbers, behind one trigram index (ILIKE '%…%' and regexes alike).
-- Written by the application with the lead; one index on leads is far cheaper to keep than
-- several over contacts.
create extension if not exists pg_trgm;

alter table leads add column search_text text not null default '';
create index leads_search_trgm on leads using gin (search_text gin_trgm_ops);
