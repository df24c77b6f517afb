-- Rate-limit buckets shared by every server node (Bucket4j's PostgreSQL select-for-update
-- backend). One row per bucket: "key:<api key id>:<endpoint group>" for callers with a valid
-- key, "ip:<client address>" for failed authentication. The state is Bucket4j's own serialised
-- form; expires_at (epoch milliseconds) is when the bucket would be full again, after which the
-- row may be deleted: a missing row is the same as a full bucket.
create table rate_limit_buckets (
  id          text primary key,
  state       bytea,
  expires_at  bigint
);
create index rate_limit_buckets_expires_at on rate_limit_buckets (expires_at);
