-- What a job's published file is (its name, media type and encoding differ per surface: gzip for
-- Close, a plain spreadsheet or a zip for HubSpot), and a number for surfaces whose clients type
-- ids as numbers (HubSpot's task ids).
alter table export_jobs
  add column file_name text,
  add column content_type text,
  add column content_encoding text,
  add column seq bigint generated always as identity;

create unique index export_jobs_seq on export_jobs (seq);
