-- Contacts and opportunities are searched as objects of their own (HubSpot contacts and deals):
-- these keep a workspace's search from scanning every workspace's rows.
create index contacts_workspace on contacts (workspace_id, created_at, id);
create index opportunities_workspace on opportunities (workspace_id, created_at, id);
