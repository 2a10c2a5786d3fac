-- Event Wizard schema. Runs as the owner role; the runtime role (event_wizard_runtime, no BYPASSRLS,
-- owns nothing) gets row access only, and row level security is forced on every table.

do $$
begin
    if not exists (select from pg_roles where rolname = 'event_wizard_runtime') then
        create role event_wizard_runtime nologin nobypassrls;
    end if;
end
$$;

create extension if not exists unaccent;

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
    constraint events_slug_key unique (slug),
    constraint events_org_id_key unique (organization_id, id),
    -- A session yields at most one event, whatever idempotency keys the client sends.
    constraint events_org_source_session_key unique (organization_id, source_session_id)
);
create index events_org_status_created_idx on events (organization_id, status, created_at desc);
create index events_date_published_idx on events (event_date) where status = 'published';

create table wizard_sessions (
    id               uuid primary key default gen_random_uuid(),
    organization_id  uuid not null,
    session_id       varchar(128) not null check (session_id ~ '^[A-Za-z0-9_-]{8,128}$'),
    user_id          uuid not null,
    current_stage    varchar(20) not null default 'organizerSetup' check (current_stage in
                         ('organizerSetup', 'eventSetup', 'ticketSetup', 'venueSetup', 'paymentSetup', 'reviewPublish')),
    completed_stages text[] not null default '{}' check (completed_stages <@ array
                         ['organizerSetup', 'eventSetup', 'ticketSetup', 'venueSetup', 'paymentSetup']::text[]),
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
create index wizard_sessions_org_status_updated_idx on wizard_sessions (organization_id, status, updated_at desc);
create index wizard_sessions_org_user_updated_idx on wizard_sessions (organization_id, user_id, updated_at desc) where is_active;
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
    constraint wizard_actions_session_fk foreign key (organization_id, session_id)
        references wizard_sessions (organization_id, session_id) on delete cascade
);
-- Failed attempts stay for analytics without using up the key.
create unique index wizard_actions_org_name_key_idx on wizard_actions (organization_id, name, idempotency_key)
    where status <> 'failed';
create index wizard_actions_org_session_created_idx on wizard_actions (organization_id, session_id, created_at desc);
create index wizard_actions_in_progress_updated_idx on wizard_actions (updated_at) where status = 'in_progress';

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
    constraint wizard_interactions_session_fk foreign key (organization_id, session_id)
        references wizard_sessions (organization_id, session_id) on delete cascade
);
create index wizard_interactions_org_session_created_idx on wizard_interactions (organization_id, session_id, created_at, id);
create index wizard_interactions_expires_idx on wizard_interactions (expires_at) where redacted_at is null;

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

-- Slug: lower-case ASCII, runs of anything else become one dash, no dash at either end, 'event' when
-- nothing is left, then '-' and 8 hex characters. SECURITY DEFINER so the uniqueness check sees every
-- tenant's slugs, not only the caller's.
create function slugify(title text) returns text
language sql immutable parallel safe
as $$
    select coalesce(nullif(trim(both '-' from regexp_replace(lower(public.unaccent(coalesce(title, ''))), '[^a-z0-9]+', '-', 'g')), ''), 'event')
$$;

create function generate_event_slug() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    base text := left(slugify(new.title), 240);
    candidate text;
begin
    if new.slug is not null then
        return new;
    end if;
    loop
        candidate := base || '-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 8);
        exit when not exists (select 1 from events where slug = candidate);
    end loop;
    new.slug := candidate;
    return new;
end
$$;
create trigger events_generate_slug before insert on events for each row execute function generate_event_slug();

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
grant execute on function app_current_org(), slugify(text) to event_wizard_runtime;
