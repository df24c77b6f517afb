-- JSON:API export logs (seed 003, POST /api/v2/contacts/exports): a stored contact filter that
-- GET /api/v2/contacts/exports/{id}.csv and .xlsx render on demand. params is kept as the client
-- sent it (json, not jsonb: key order and a filter sent as a JSON string both survive), and is
-- parsed again at every render, since the custom fields it names may have changed.
create table export_logs (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  api_key_id    text not null references api_keys (id),
  type          text not null,
  params        json not null,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  export_at     timestamptz
);
create index export_logs_workspace on export_logs (workspace_id, created_at);
