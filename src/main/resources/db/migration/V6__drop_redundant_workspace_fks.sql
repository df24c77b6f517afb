-- A contact, opportunity, activity or address belongs to its lead's workspace: its lead_id
-- foreign key already guarantees the lead exists, and the lead's own key guarantees the
-- workspace does. Checking workspace_id a second time on every child row doubled the foreign-key
-- work of bulk loads (half of PostgreSQL's time when seeding) for no added guarantee, since
-- writers copy the lead's workspace_id.
alter table contacts drop constraint contacts_workspace_id_fkey;
alter table opportunities drop constraint opportunities_workspace_id_fkey;
alter table activities drop constraint activities_workspace_id_fkey;
alter table addresses drop constraint addresses_workspace_id_fkey;
