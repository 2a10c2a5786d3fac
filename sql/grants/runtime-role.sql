-- Makes a login role (in Azure: the apps' managed identity) a member of event_wizard_runtime, the role the numbered
-- scripts grant row access to. Not a numbered migration: roles belong to the server, not to the database, and granting
-- membership needs CREATEROLE (the Entra administrator), which the owner need not have. Idempotent.
-- Run by tools/Migrate (--grant-runtime-role), which sets event_wizard.runtime_login for this transaction.
do $$
declare
    login text := current_setting('event_wizard.runtime_login');
    owned text;
begin
    if not exists (select from pg_roles where rolname = 'event_wizard_runtime') then
        create role event_wizard_runtime nologin nosuperuser nobypassrls;
    end if;
    if not exists (select from pg_roles where rolname = login) then
        raise exception 'Role "%" does not exist: create the login first (in Azure: --entra-principal-id <object id> creates it for the managed identity).', login;
    end if;
    -- Row level security is what keeps organizations apart: a role that bypasses it, or owns the tables, sees every row.
    if exists (select from pg_roles where rolname = login and (rolsuper or rolbypassrls)) then
        raise exception 'Role "%" is a superuser or has BYPASSRLS; the runtime role must have neither (row level security keeps organizations apart). Give the apps another login.', login;
    end if;
    select string_agg(c.relname, ', ' order by c.relname) into owned
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relowner = login::regrole and n.nspname = 'public';
    if owned is not null then
        raise exception 'Role "%" owns % in this database; the runtime role must own nothing (owners see every organization''s rows). Give the apps another login.', login, owned;
    end if;
    if not pg_has_role(login, 'event_wizard_runtime', 'member') then
        execute format('grant event_wizard_runtime to %I', login);
        raise notice 'Granted event_wizard_runtime to %', login;
    end if;
end
$$;
