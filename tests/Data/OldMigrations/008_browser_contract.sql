-- The browser contract and hardening: who asked for each action and whose key it is, who published an event,
-- a transcript order a tailing reader can trust, and indexes for paging the lists with a keyset cursor.
-- Back-filled rows keep their updated_at: the triggers that set it are off while this script rewrites them.

alter table wizard_actions disable trigger wizard_actions_updated_at;
alter table events disable trigger events_updated_at;

-- Who asked for the action (the caller, not the session's creator).
alter table wizard_actions add column user_id uuid;
update wizard_actions a set user_id = s.user_id
from wizard_sessions s
where s.organization_id = a.organization_id and s.session_id = a.session_id;
alter table wizard_actions alter column user_id set not null;

-- A key the server chose (publish:<sessionId> when the client sends none) is in a namespace of its own: no key a
-- client sends can take it. Earlier rows with the default's shape were the default.
alter table wizard_actions add column key_from_client boolean not null default true;
update wizard_actions set key_from_client = false
where idempotency_key = 'publish:' || session_id or idempotency_key like 'connect:' || session_id || ':%';
drop index wizard_actions_org_name_key_idx;
create unique index wizard_actions_org_name_key_idx on wizard_actions (organization_id, name, key_from_client, idempotency_key)
    where status <> 'failed';

-- Who published the event; user_id stays the session's creator.
alter table events add column published_by uuid;
update events set published_by = user_id where status = 'published';

alter table wizard_actions enable trigger wizard_actions_updated_at;
alter table events enable trigger events_updated_at;

-- Transcript order: seq, taken from a sequence while the writer holds a transaction-level advisory lock on the
-- session (wizard_interactions_lock below), so within a session seq order is commit order and a reader tailing with
-- after=<id> can never miss a row that commits late. created_at, taken at statement start, could put such a row
-- behind the cursor. Earlier rows are numbered in their (created_at, id) order.
create sequence wizard_interactions_seq as bigint;
alter table wizard_interactions add column seq bigint;
update wizard_interactions i set seq = n.seq
from (select id, row_number() over (order by created_at, id) as seq from wizard_interactions) n
where n.id = i.id;
select setval('wizard_interactions_seq', coalesce((select max(seq) from wizard_interactions), 0) + 1, false);
alter table wizard_interactions alter column seq set default nextval('wizard_interactions_seq'), alter column seq set not null;
alter sequence wizard_interactions_seq owned by wizard_interactions.seq;
grant usage on sequence wizard_interactions_seq to event_wizard_runtime;
drop index wizard_interactions_org_session_created_idx;
create index wizard_interactions_org_session_seq_idx on wizard_interactions (organization_id, session_id, seq);

-- Taken (until commit) by every statement that adds interactions to a session, before the rows get their seq.
-- Its own key space (two int4 keys, the first fixed), apart from the migrator's and the cleanup's locks.
create function wizard_interactions_lock(organization_id uuid, session_id text) returns void
language sql volatile parallel unsafe
as $$ select pg_advisory_xact_lock(7401, hashtext(organization_id::text || '/' || session_id)) $$;
grant execute on function wizard_interactions_lock(uuid, text) to event_wizard_runtime;

-- Keyset paging, newest change first, one index range per page at any organization size.
drop index wizard_sessions_org_status_updated_idx;
create index wizard_sessions_org_status_updated_idx on wizard_sessions (organization_id, status, updated_at desc, session_id desc);
drop index wizard_sessions_org_user_updated_idx;
create index wizard_sessions_org_user_status_updated_idx
    on wizard_sessions (organization_id, user_id, status, updated_at desc, session_id desc);
drop index events_org_status_created_idx;
create index events_org_status_created_idx on events (organization_id, status, created_at desc, id desc);

-- The public event page shows public fields only: no organization, user, Stripe account or source session.
drop function public_event_by_slug(text);
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
