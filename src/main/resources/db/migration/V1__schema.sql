-- Leadport schema. Every object belongs to one workspace; ids are prefixed random strings.

create table workspaces (
  id          text primary key,
  name        text not null unique,
  status      text not null default 'active' check (status in ('active', 'suspended')),
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);

-- Only the SHA-256 of a key's secret is stored; the secret is shown once at creation.
create table api_keys (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  name          text not null,
  key_hash      bytea not null unique,
  scopes        text[] not null,
  email         text,
  created_at    timestamptz not null,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
create index api_keys_workspace on api_keys (workspace_id);

create table status_stages (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  label         text not null,
  type          text not null default 'active' check (type in ('active', 'won', 'lost')),
  position      integer not null default 0,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  unique (workspace_id, label)
);

create table custom_fields (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  name          text not null,
  type          text not null
                check (type in ('text', 'number', 'date', 'datetime', 'choices', 'boolean')),
  choices       text[],
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  unique (workspace_id, name)
);

create table leads (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  name          text,
  display_name  text not null,
  status_id     text references status_stages (id),
  url           text,
  description   text,
  source        text,
  medium        text,
  campaign      text,
  custom        jsonb not null default '{}',
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  deleted_at    timestamptz
);
-- The keyset every export and list walks, and its usual filters.
create index leads_ws_updated on leads (workspace_id, updated_at, id);
create index leads_ws_status on leads (workspace_id, status_id);
create index leads_ws_source on leads (workspace_id, source);

create table contacts (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  lead_id       text not null references leads (id),
  position      integer not null,
  name          text,
  title         text,
  emails        jsonb not null default '[]',
  phones        jsonb not null default '[]',
  urls          jsonb not null default '[]',
  created_at    timestamptz not null,
  updated_at    timestamptz not null
);
create index contacts_lead on contacts (lead_id, position);

create table opportunities (
  id              text primary key,
  workspace_id    text not null references workspaces (id),
  lead_id         text not null references leads (id),
  position        integer not null,
  status_type     text not null default 'active' check (status_type in ('active', 'won', 'lost')),
  status_label    text,
  value           bigint,
  value_currency  text,
  value_period    text check (value_period in ('one_time', 'monthly', 'annual')),
  confidence      integer check (confidence between 0 and 100),
  date_won        date,
  note            text,
  user_name       text,
  created_at      timestamptz not null,
  updated_at      timestamptz not null
);
create index opportunities_lead on opportunities (lead_id, position);

create table activities (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  lead_id       text not null references leads (id),
  type          text not null check (type in ('note', 'call', 'email', 'meeting', 'sms')),
  occurred_at   timestamptz not null,
  direction     text check (direction in ('inbound', 'outbound')),
  duration      integer check (duration >= 0),
  subject       text,
  body          text,
  created_at    timestamptz not null
);
create index activities_lead on activities (lead_id, occurred_at);

create table addresses (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  lead_id       text not null references leads (id),
  position      integer not null,
  label         text,
  address_1     text,
  address_2     text,
  city          text,
  state         text,
  zipcode       text,
  country       text
);
create index addresses_lead on addresses (lead_id, position);

create table lists (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  name          text not null,
  created_at    timestamptz not null,
  updated_at    timestamptz not null
);
create index lists_workspace on lists (workspace_id);

create table list_members (
  list_id   text not null references lists (id) on delete cascade,
  lead_id   text not null references leads (id),
  added_at  timestamptz not null,
  primary key (list_id, lead_id)
);

create table saved_searches (
  id            text primary key,
  workspace_id  text not null references workspaces (id),
  name          text not null,
  query         jsonb not null,
  created_at    timestamptz not null,
  updated_at    timestamptz not null
);
create index saved_searches_workspace on saved_searches (workspace_id);
