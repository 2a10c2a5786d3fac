-- Publish and events: the anonymous read of published events, and an index for the organization's
-- event list in creation order (any status).

-- The one cross-tenant read of events. SECURITY DEFINER (owned by the owner, so maintenance_by_owner
-- lets it see every tenant's rows), published rows only, and without user_id, stripe_account_id and
-- source_session_id: drafts, cancelled and unknown slugs all return nothing.
create function public_event_by_slug(p_slug text)
returns table (
    id              uuid,
    organization_id uuid,
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
    select e.id, e.organization_id, e.title, e.slug, e.type, e.description, e.event_date, e.start_time, e.end_time,
           e.timezone, e.venue_mode, e.venue_data, e.ticket_tiers, e.total_capacity, e.payment_enabled, e.status,
           e.published_at, e.created_at, e.updated_at
    from events e
    where e.slug = p_slug and e.status = 'published'
$$;
revoke execute on function public_event_by_slug(text) from public;
grant execute on function public_event_by_slug(text) to event_wizard_runtime;

-- GET /api/events without a status filter: newest first within the organization.
create index events_org_created_idx on events (organization_id, created_at desc, id desc);
