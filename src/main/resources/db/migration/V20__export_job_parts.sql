-- Issue 19, parts with a manifest (docs/parts.md): an async export above the part limits
-- (LEADPORT_PART_ROWS, LEADPORT_PART_BYTES) is published as several files of its format. The
-- job keeps its first part as its file (file_key, file_size, file_sha256) and counts its parts;
-- every part, the first too, is a row here, written in the transaction that ends the job under
-- its fencing token (a later attempt's success replaces them all). parts = 0: one file, as before.
alter table export_jobs add column parts integer not null default 0;

create table export_job_parts (
  job_id text not null references export_jobs (id) on delete cascade,
  n integer not null check (n >= 1),
  rows bigint not null check (rows >= 0),
  bytes bigint not null check (bytes >= 0),
  sha256 text not null,
  file_key text not null,
  file_name text not null,
  primary key (job_id, n)
);
