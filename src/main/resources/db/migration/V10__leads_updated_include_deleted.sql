-- The sync export plans each segment's end with "... where workspace_id = ? and deleted_at is
-- null order by updated_at, id offset 9999 limit 2". Carrying deleted_at in the index lets that
-- walk stay in the index (an index-only scan once vacuumed) instead of visiting 10,000 heap rows
-- a segment. It replaces the old index rather than adding one: every index on leads slows the
-- bulk seed.
drop index leads_ws_updated;
create index leads_ws_updated on leads (workspace_id, updated_at, id) include (deleted_at);
