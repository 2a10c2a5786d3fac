-- Event Wizard schema, the baseline: the scripts 001, 003, 004, 006, 007, 008 and 009 squashed into one before
-- anything was deployed (docs/migrations.md), the same schema they built. Later scripts continue at 002, forward-only.
--
-- Runs as the owner role, through the migrator or with plain psql on an empty database:
--     psql -X -1 -v ON_ERROR_STOP=1 -f sql/001_baseline.sql
-- The runtime role (event_wizard_runtime, no BYPASSRLS, owns nothing) gets row access only, and row level security
-- is forced on every table.

do $$
begin
    if not exists (select from pg_roles where rolname = 'event_wizard_runtime') then
        create role event_wizard_runtime nologin nobypassrls;
    end if;
end
$$;

create extension if not exists unaccent;

-- The migrator's record: one row per script applied, with the checksum of its text. Created here, not by the
-- migrator, so this script runs on its own; GET /api/health reads the schema version from it as the runtime role.
create table schema_migrations (
    version    int primary key,
    name       text not null,
    checksum   text not null,
    applied_at timestamptz not null default now()
);

-- The tenant of the current transaction, or null (every policy then matches nothing).
create function app_current_org() returns uuid
language sql stable parallel safe
as $$ select nullif(current_setting('app.current_org', true), '')::uuid $$;

create function set_updated_at() returns trigger
language plpgsql
as $$
begin
    new.updated_at := now();
    return new;
end
$$;

create table events (
    id                uuid primary key default gen_random_uuid(),
    organization_id   uuid not null,
    -- The session's creator; published_by (below) is who published.
    user_id           uuid not null,
    source_session_id varchar(128) not null,
    title             varchar(255) not null,
    slug              varchar(300) not null,
    type              varchar(50) not null check (type in ('fashion_show', 'popup', 'exhibition', 'launch')),
    description       text,
    event_date        date not null,
    start_time        time not null,
    end_time          time,
    timezone          varchar(64) not null default 'America/New_York',
    venue_mode        varchar(20) check (venue_mode in ('physical', 'virtual', 'hybrid')),
    venue_data        jsonb not null default '{}',
    ticket_tiers      jsonb not null default '[]',
    total_capacity    int check (total_capacity >= 1),
    stripe_account_id varchar(255),
    payment_enabled   boolean not null default false,
    status            varchar(20) not null default 'draft' check (status in ('draft', 'published', 'cancelled')),
    published_at      timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    published_by      uuid,
    constraint events_slug_key unique (slug),
    constraint events_org_id_key unique (organization_id, id),
    -- A session yields at most one event, whatever idempotency keys the client sends.
    constraint events_org_source_session_key unique (organization_id, source_session_id)
);
-- Keyset paging, newest first, one index range per page at any organization size: GET /api/events with a status
-- filter, and without one.
create index events_org_status_created_idx on events (organization_id, status, created_at desc, id desc);
create index events_org_created_idx on events (organization_id, created_at desc, id desc);
create index events_date_published_idx on events (event_date) where status = 'published';

-- Completeness is not stored: the stage rules judge the payloads on every read (docs/sessions.md), so no verdict
-- goes stale when the clock passes an event's date.
create table wizard_sessions (
    id               uuid primary key default gen_random_uuid(),
    organization_id  uuid not null,
    session_id       varchar(128) not null check (session_id ~ '^[A-Za-z0-9_-]{8,128}$'),
    user_id          uuid not null,
    current_stage    varchar(20) not null default 'organizerSetup' check (current_stage in
                         ('organizerSetup', 'eventSetup', 'ticketSetup', 'venueSetup', 'paymentSetup', 'reviewPublish')),
    is_active        boolean not null default true,
    organizer_data   jsonb not null default '{}' check (jsonb_typeof(organizer_data) = 'object'),
    event_data       jsonb not null default '{}' check (jsonb_typeof(event_data) = 'object'),
    ticket_data      jsonb not null default '{}' check (jsonb_typeof(ticket_data) = 'object'),
    venue_data       jsonb not null default '{}' check (jsonb_typeof(venue_data) = 'object'),
    payment_data     jsonb not null default '{}' check (jsonb_typeof(payment_data) = 'object'),
    status           varchar(20) not null default 'in_progress'
                         check (status in ('in_progress', 'completed', 'abandoned', 'expired')),
    event_id         uuid,
    version          int not null default 1 check (version >= 1),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    expires_at       timestamptz not null default now() + interval '7 days',
    constraint wizard_sessions_org_session_key unique (organization_id, session_id),
    constraint wizard_sessions_active_matches_status check (is_active = (status = 'in_progress')),
    constraint wizard_sessions_event_fk foreign key (organization_id, event_id)
        references events (organization_id, id) on delete set null (event_id)
);
create index wizard_sessions_org_event_idx on wizard_sessions (organization_id, event_id) where event_id is not null;
-- Keyset paging, newest change first, one index range per page at any organization size.
create index wizard_sessions_org_status_updated_idx on wizard_sessions (organization_id, status, updated_at desc, session_id desc);
create index wizard_sessions_org_user_status_updated_idx
    on wizard_sessions (organization_id, user_id, status, updated_at desc, session_id desc);
create index wizard_sessions_expires_idx on wizard_sessions (expires_at) where status = 'in_progress';
create index wizard_sessions_closed_updated_idx on wizard_sessions (updated_at) where status in ('expired', 'abandoned');

create type action_status as enum ('pending', 'in_progress', 'completed', 'failed', 'cancelled');

create table wizard_actions (
    id                  uuid primary key default gen_random_uuid(),
    organization_id     uuid not null,
    session_id          varchar(128) not null,
    name                varchar(100) not null,
    idempotency_key     varchar(255) not null,
    -- Hash of what the request asked for; the same key with another request is refused (422).
    request_fingerprint varchar(64) not null,
    status              action_status not null default 'pending',
    payload             jsonb not null default '{}',
    result              jsonb,
    error_message       text,
    execution_time_ms   int check (execution_time_ms >= 0),
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    -- Who asked for the action (the caller, not the session's creator).
    user_id             uuid not null,
    -- A key the server chose (publish:<sessionId> when the client sends none) is in a namespace of its own: no key a
    -- client sends can take it.
    key_from_client     boolean not null default true,
    constraint wizard_actions_session_fk foreign key (organization_id, session_id)
        references wizard_sessions (organization_id, session_id) on delete cascade
);
-- Failed attempts stay for analytics without using up the key.
create unique index wizard_actions_org_name_key_idx on wizard_actions (organization_id, name, key_from_client, idempotency_key)
    where status <> 'failed';
create index wizard_actions_org_session_created_idx on wizard_actions (organization_id, session_id, created_at desc);
create index wizard_actions_in_progress_updated_idx on wizard_actions (updated_at) where status = 'in_progress';

-- Transcript order: seq, taken from a sequence while the writer holds a transaction-level advisory lock on the
-- session (wizard_interactions_lock below), so within a session seq order is commit order and a reader tailing with
-- after=<id> can never miss a row that commits late. created_at, taken at statement start, could put such a row
-- behind the cursor.
create sequence wizard_interactions_seq as bigint;

create table wizard_interactions (
    id              uuid primary key default gen_random_uuid(),
    organization_id uuid not null,
    session_id      varchar(128) not null,
    role            varchar(20) not null check (role in ('user', 'assistant', 'system')),
    stage           varchar(20) check (stage in
                        ('organizerSetup', 'eventSetup', 'ticketSetup', 'venueSetup', 'paymentSetup', 'reviewPublish')),
    text            text,
    tokens_used     int check (tokens_used >= 0),
    model           varchar(100),
    latency_ms      int check (latency_ms >= 0),
    csat_smallint   smallint check (csat_smallint between 1 and 5),
    created_at      timestamptz not null default now(),
    expires_at      timestamptz not null default now() + interval '30 days',
    redacted_at     timestamptz,
    seq             bigint not null default nextval('wizard_interactions_seq'),
    constraint wizard_interactions_session_fk foreign key (organization_id, session_id)
        references wizard_sessions (organization_id, session_id) on delete cascade
);
alter sequence wizard_interactions_seq owned by wizard_interactions.seq;
create index wizard_interactions_org_session_seq_idx on wizard_interactions (organization_id, session_id, seq);
create index wizard_interactions_expires_idx on wizard_interactions (expires_at) where redacted_at is null;
-- Redaction by age (created_at + Cleanup__InteractionRetention) needs its own index, beside
-- wizard_interactions_expires_idx for redaction by the row's own expires_at.
create index wizard_interactions_unredacted_created_idx on wizard_interactions (created_at) where redacted_at is null;

-- Taken (until commit) by every statement that adds interactions to a session, before the rows get their seq.
-- Its own key space (two int4 keys, the first fixed), apart from the migrator's and the cleanup's locks.
create function wizard_interactions_lock(organization_id uuid, session_id text) returns void
language sql volatile parallel unsafe
as $$ select pg_advisory_xact_lock(7401, hashtext(organization_id::text || '/' || session_id)) $$;

create table stripe_accounts (
    organization_id   uuid primary key,
    account_id        varchar(255) not null unique,
    charges_enabled   boolean not null default false,
    details_submitted boolean not null default false,
    checked_at        timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);

create trigger wizard_sessions_updated_at before update on wizard_sessions for each row execute function set_updated_at();
create trigger wizard_actions_updated_at before update on wizard_actions for each row execute function set_updated_at();
create trigger events_updated_at before update on events for each row execute function set_updated_at();
create trigger stripe_accounts_updated_at before update on stripe_accounts for each row execute function set_updated_at();

-- Slug: lower-case ASCII, runs of anything else become one dash, no dash at either end, 'event' when nothing is left.
-- STABLE, not IMMUTABLE: unaccent() is STABLE, and PostgreSQL inlines a SQL function only when its body is no
-- more volatile than it is declared. Inlined, slugify() is planned once with the statement, not once per call.
create function slugify(title text) returns text
language sql stable parallel safe
as $$
    select coalesce(nullif(trim(both '-' from regexp_replace(lower(public.unaccent(coalesce(title, ''))), '[^a-z0-9]+', '-', 'g')), ''), 'event')
$$;

-- The slug as one SQL expression, event_slug(title), that a statement can name itself: publishing's insert does,
-- and the trigger below only fills in slugs an insert leaves out. Through the trigger every publish paid for a
-- PL/pgSQL call, a SECURITY DEFINER switch, a uniqueness probe and a re-planned slugify() per transaction:
-- about a tenth of PostgreSQL's CPU per publish. A random suffix colliding (8 hex characters on the same base)
-- is left to the unique constraint events_slug_key; the publisher re-runs its whole transaction then.
-- The base is cut at 240 characters and dashes after the cut are trimmed ('aaa…a-bbb' cut right after the dash
-- would give 'aaa…a--1a2b3c4d'), so the slug keeps the shape ^[a-z0-9]+(-[a-z0-9]+)*$; then '-' and 8 hex
-- characters. VOLATILE for the random suffix; still inlined, with slugify() in it, into the statement that names it.
create function event_slug(title text) returns text
language sql volatile
as $$
    select rtrim(left(slugify(title), 240), '-') || '-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 8)
$$;

-- For inserts that name no slug. SECURITY DEFINER so the uniqueness check sees every tenant's slugs, not only
-- the caller's.
create function generate_event_slug() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    candidate text;
begin
    loop
        candidate := event_slug(new.title);
        exit when not exists (select 1 from events where slug = candidate);
    end loop;
    new.slug := candidate;
    return new;
end
$$;
create trigger events_generate_slug before insert on events for each row when (new.slug is null)
    execute function generate_event_slug();

-- True only inside SECURITY DEFINER functions owned by the schema owner (and for migrations): the
-- cross-tenant paths of design.md (cleanup, public read of published events, slug uniqueness).
-- The runtime role never owns the tables, so it never matches.
create function app_is_schema_owner() returns boolean
language sql stable parallel safe
as $$ select current_user::text::regrole = (select relowner from pg_class where oid = 'public.wizard_sessions'::regclass)::regrole $$;

-- Row level security: forced, so even the owner's own queries are filtered unless it bypasses RLS.
alter table events enable row level security;
alter table events force row level security;
alter table wizard_sessions enable row level security;
alter table wizard_sessions force row level security;
alter table wizard_actions enable row level security;
alter table wizard_actions force row level security;
alter table wizard_interactions enable row level security;
alter table wizard_interactions force row level security;
alter table stripe_accounts enable row level security;
alter table stripe_accounts force row level security;

create policy tenant_isolation on events
    using (organization_id = (select app_current_org())) with check (organization_id = (select app_current_org()));
create policy tenant_isolation on wizard_sessions
    using (organization_id = (select app_current_org())) with check (organization_id = (select app_current_org()));
create policy tenant_isolation on wizard_actions
    using (organization_id = (select app_current_org())) with check (organization_id = (select app_current_org()));
create policy tenant_isolation on wizard_interactions
    using (organization_id = (select app_current_org())) with check (organization_id = (select app_current_org()));
create policy tenant_isolation on stripe_accounts
    using (organization_id = (select app_current_org())) with check (organization_id = (select app_current_org()));

create policy maintenance_by_owner on events using ((select app_is_schema_owner()));
create policy maintenance_by_owner on wizard_sessions using ((select app_is_schema_owner()));
create policy maintenance_by_owner on wizard_actions using ((select app_is_schema_owner()));
create policy maintenance_by_owner on wizard_interactions using ((select app_is_schema_owner()));
create policy maintenance_by_owner on stripe_accounts using ((select app_is_schema_owner()));

grant usage on schema public to event_wizard_runtime;
grant select, insert, update, delete on events, wizard_sessions, wizard_actions, wizard_interactions, stripe_accounts
    to event_wizard_runtime;
grant select on schema_migrations to event_wizard_runtime;
grant usage on sequence wizard_interactions_seq to event_wizard_runtime;
grant execute on function app_current_org(), slugify(text), event_slug(text), wizard_interactions_lock(uuid, text)
    to event_wizard_runtime;

-- The one cross-tenant read of events. SECURITY DEFINER (owned by the owner, so maintenance_by_owner
-- lets it see every tenant's rows), published rows only, public fields only: no organization, user, Stripe
-- account or source session. Drafts, cancelled and unknown slugs all return nothing.
create function public_event_by_slug(p_slug text)
returns table (
    id              uuid,
    title           varchar,
    slug            varchar,
    type            varchar,
    description     text,
    event_date      date,
    start_time      time,
    end_time        time,
    timezone        varchar,
    venue_mode      varchar,
    venue_data      jsonb,
    ticket_tiers    jsonb,
    total_capacity  int,
    payment_enabled boolean,
    status          varchar,
    published_at    timestamptz,
    created_at      timestamptz,
    updated_at      timestamptz
)
language sql stable security definer set search_path = public, pg_temp
as $$
    select e.id, e.title, e.slug, e.type, e.description, e.event_date, e.start_time, e.end_time, e.timezone, e.venue_mode,
           e.venue_data, e.ticket_tiers, e.total_capacity, e.payment_enabled, e.status, e.published_at, e.created_at,
           e.updated_at
    from events e
    where e.slug = p_slug and e.status = 'published'
$$;
revoke execute on function public_event_by_slug(text) from public;
grant execute on function public_event_by_slug(text) to event_wizard_runtime;

-- Nightly cleanup (Cleanup.Functions' timer, in place of the original's pg_cron job).
--
-- Each function does ONE bounded batch and returns the number of rows it changed; the caller
-- (Shared/Cleanup/CleanupRunner) calls it again, each call its own short transaction, until a batch
-- comes back smaller than the batch size. Every batch picks its rows through a partial index, oldest
-- first, `for update skip locked`, so a batch never waits behind a user's transaction and never scans
-- rows that are not due; it then changes the rows it locked by their ctid (a locked row cannot move
-- until the batch commits), which spares a primary key lookup per row. Stopping between or inside
-- batches loses nothing: a batch commits whole or not at all, and the next run finds what is left
-- through the same index.
--
-- The functions are SECURITY DEFINER and owned by the schema owner: policy maintenance_by_owner
-- lets them see every tenant's rows; the runtime role may only EXECUTE them.
--
-- `as_of` is the caller's clock at the start of the run (one cut-off for the whole run, so rows that
-- fall due during the run wait for the next one). It is capped at the server's now(): a caller cannot
-- make anything due early by passing a time in the future. Retention periods have floors for the same
-- reason: a wrong setting (or a misused runtime role) cannot redact or delete what is less than a day old.

create function cleanup_check_batch_size(batch_size int) returns void
language plpgsql immutable
as $$
begin
    if batch_size is null or batch_size < 1 or batch_size > 50000 then
        raise exception 'cleanup batch size must be between 1 and 50000, got %', batch_size
            using errcode = '22023';
    end if;
end
$$;

-- In-progress sessions past expires_at become expired and inactive.
create function cleanup_expire_sessions(as_of timestamptz, batch_size int) returns int
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
declare
    cutoff  timestamptz := least(as_of, now());
    changed int;
begin
    perform cleanup_check_batch_size(batch_size);
    with due as (
        select ctid
        from wizard_sessions
        where status = 'in_progress' and expires_at < cutoff  -- wizard_sessions_expires_idx
        order by expires_at
        limit batch_size
        for update skip locked
    )
    update wizard_sessions s
    set status = 'expired', is_active = false
    from due
    where s.ctid = due.ctid;
    get diagnostics changed = row_count;
    return changed;
end
$$;

-- Interactions past their retention get text '[REDACTED]' and redacted_at. Due means the EARLIER of:
-- the row's own expires_at (the date the API shows the client; default created_at + 30 days), and
-- created_at + retention (the setting, a maximum age). So no transcript outlives either promise.
-- Two index-driven passes, one per index: the first fills what it can of the batch, the second the
-- rest. Which index goes first alternates with the parity of the batch's transaction id, so each index
-- is walked every other batch or so. That matters for dead index entries: a row redacted through one
-- index, or deleted with its session, stays as a dead entry at the front of the partial indexes until
-- a walk steps over it (and marks it) or vacuum removes it. Walked alternately, each index steps over
-- about one batch of another pass's dead entries at a time, and a burst of them (the interactions of
-- sessions just deleted) is split between two statements, one per index.
create function cleanup_redact_by_expiry(cutoff timestamptz, max_rows int) returns int
language plpgsql volatile set search_path = public, pg_temp
as $$
declare
    changed int;
begin
    with due as (
        select ctid
        from wizard_interactions
        where redacted_at is null and expires_at < cutoff  -- wizard_interactions_expires_idx
        order by expires_at
        limit max_rows
        for update skip locked
    )
    update wizard_interactions i
    set text = '[REDACTED]', redacted_at = now()
    from due
    where i.ctid = due.ctid;
    get diagnostics changed = row_count;
    return changed;
end
$$;

create function cleanup_redact_by_age(created_before timestamptz, max_rows int) returns int
language plpgsql volatile set search_path = public, pg_temp
as $$
declare
    changed int;
begin
    with due as (
        select ctid
        from wizard_interactions
        where redacted_at is null and created_at < created_before  -- wizard_interactions_unredacted_created_idx
        order by created_at
        limit max_rows
        for update skip locked
    )
    update wizard_interactions i
    set text = '[REDACTED]', redacted_at = now()
    from due
    where i.ctid = due.ctid;
    get diagnostics changed = row_count;
    return changed;
end
$$;

create function cleanup_redact_interactions(as_of timestamptz, retention interval, batch_size int) returns int
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
declare
    cutoff  timestamptz := least(as_of, now());
    first_walk int;
    rest    int := 0;
begin
    perform cleanup_check_batch_size(batch_size);
    if retention is null or retention < interval '1 day' then
        raise exception 'interaction retention must be at least 1 day, got %', retention using errcode = '22023';
    end if;
    -- Fewer than batch_size only when neither index has anything more that is due.
    if txid_current() % 2 = 0 then
        first_walk := cleanup_redact_by_expiry(cutoff, batch_size);
        if first_walk < batch_size then
            rest := cleanup_redact_by_age(cutoff - retention, batch_size - first_walk);
        end if;
    else
        first_walk := cleanup_redact_by_age(cutoff - retention, batch_size);
        if first_walk < batch_size then
            rest := cleanup_redact_by_expiry(cutoff, batch_size - first_walk);
        end if;
    end if;
    return first_walk + rest;
end
$$;

-- Sessions that ended without publishing (expired or abandoned) and have not changed for longer than
-- the retention are deleted; their actions and interactions go by the FK cascades, each a lookup on
-- the (organization_id, session_id, ...) indexes above. Completed sessions are never selected (they
-- are the record behind their event), and events are never touched.
create function cleanup_delete_closed_sessions(as_of timestamptz, retention interval, batch_size int) returns int
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
declare
    cutoff  timestamptz := least(as_of, now());
    changed int;
begin
    perform cleanup_check_batch_size(batch_size);
    if retention is null or retention < interval '1 day' then
        raise exception 'closed session retention must be at least 1 day, got %', retention using errcode = '22023';
    end if;

    with due as (
        select ctid
        from wizard_sessions
        where status in ('expired', 'abandoned') and updated_at < cutoff - retention  -- wizard_sessions_closed_updated_idx
        order by updated_at
        limit batch_size
        for update skip locked
    )
    delete from wizard_sessions s
    using due
    where s.ctid = due.ctid;
    get diagnostics changed = row_count;
    return changed;
end
$$;

-- Actions stuck in_progress longer than the lease (their worker died) become failed, which also frees
-- their idempotency key (the unique index skips failed rows), so the client's retry can run.
create function cleanup_release_actions(as_of timestamptz, lease interval, batch_size int) returns int
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
declare
    cutoff  timestamptz := least(as_of, now());
    changed int;
begin
    perform cleanup_check_batch_size(batch_size);
    if lease is null or lease < interval '1 minute' then
        raise exception 'action lease must be at least 1 minute, got %', lease using errcode = '22023';
    end if;

    with due as (
        select ctid
        from wizard_actions
        where status = 'in_progress' and updated_at < cutoff - lease  -- wizard_actions_in_progress_updated_idx
        order by updated_at
        limit batch_size
        for update skip locked
    )
    update wizard_actions a
    set status = 'failed',
        error_message = format('Released by cleanup: in progress for longer than the lease (%s) without finishing.', lease)
    from due
    where a.ctid = due.ctid;
    get diagnostics changed = row_count;
    return changed;
end
$$;

revoke execute on function cleanup_check_batch_size(int) from public;
revoke execute on function cleanup_expire_sessions(timestamptz, int) from public;
revoke execute on function cleanup_redact_by_expiry(timestamptz, int) from public;
revoke execute on function cleanup_redact_by_age(timestamptz, int) from public;
revoke execute on function cleanup_redact_interactions(timestamptz, interval, int) from public;
revoke execute on function cleanup_delete_closed_sessions(timestamptz, interval, int) from public;
revoke execute on function cleanup_release_actions(timestamptz, interval, int) from public;
grant execute on function cleanup_expire_sessions(timestamptz, int) to event_wizard_runtime;
grant execute on function cleanup_redact_interactions(timestamptz, interval, int) to event_wizard_runtime;
grant execute on function cleanup_delete_closed_sessions(timestamptz, interval, int) to event_wizard_runtime;
grant execute on function cleanup_release_actions(timestamptz, interval, int) to event_wizard_runtime;
