-- A session is the organization's session of its id: (organization_id, session_id) is its key, which every route,
-- foreign key and trigger already uses. The surrogate `id` (a random uuid primary key) was read by two statements
-- only, as a handle for a row they had just found by that key, and it cost every write an entry in one more index:
-- every autosave is a non-HOT update (updated_at and expires_at are indexed), so it inserts into every index of the
-- table, and a create put a random key into the id index besides its own. Without it an in-progress session's
-- write touches five indexes instead of six. The unique key stays the constraint the foreign keys reference (making
-- it the primary key would mean dropping and re-creating them); it names the row for logical replication too.
alter table wizard_sessions drop column id;
alter table wizard_sessions replica identity using index wizard_sessions_org_session_key;
