-- Wizard analytics that outlive retention (GET /api/wizard-analytics, docs/analytics.md).
--
-- The figures are rollups, written by triggers in the same transaction as the change they count, so every write path
-- is counted (the API, the nightly cleanup's expiry, a psql session) and nothing is counted twice or lost. The nightly
-- cleanup deletes sessions and redacts interactions; it never touches the rollups, and the rollups have no foreign
-- key to what they count, so a past day's figures stay as they were.
--
-- The sessions' counter rows are sharded by a hash of the session id (16 shards per organization and day, summed on
-- read): every session started in an organization today would otherwise update one row, so concurrent writes to
-- different sessions would queue behind each other's row lock (a session's own writes are serialized by its row lock
-- anyway). The other counts are not sharded: their rows spread by value (a model's turns over some hundred latency
-- buckets, ratings over stage and score), a shard per value would multiply the rows a range reads (16 x some
-- hundred per day), and a row is locked only for its one-statement insert (a publish's, for its one-round-trip commit).

-- The furthest stage a session ever reached (1..6, the order of the stages), kept by the trigger below so that moving
-- back does not un-reach a stage. Rows created before this script have the fast default 1 and count their
-- current_stage: the furthest is greatest(furthest_stage, wizard_stage_rank(current_stage)) for every row.
alter table wizard_sessions add column furthest_stage smallint not null default 1 check (furthest_stage between 1 and 6);

create function wizard_stage_rank(stage text) returns smallint
language sql immutable parallel safe
as $$
    select array_position(array['organizerSetup', 'eventSetup', 'ticketSetup', 'venueSetup', 'paymentSetup', 'reviewPublish'], stage)::smallint
$$;

-- The log-scale histogram bucket of a measure v >= 0 (seconds, milliseconds): bucket b holds the v with
-- 1.05^b <= v + 1 < 1.05^(b+1). The reader reports a bucket as 1.05^(b + 0.5) - 1, within 2.5% of v + 1
-- (Shared/Analytics/LogBuckets.cs, the same constant). Null for null (strict): greatest() would take a null as 0.
create function analytics_bucket(v double precision) returns smallint
language sql immutable strict parallel safe
as $$ select floor(ln(greatest(v, 0) + 1) / ln(1.05))::smallint $$;

-- The problem code a failed publish was recorded with: error_message starts with it ("session_incomplete: ...",
-- "stripe_error: ...", "internal_error (SQLSTATE ...)", Shared/Publishing/EventPublisher.cs); a claim whose worker
-- died is released by cleanup_release_actions with a sentence instead.
create function analytics_failure_code(message text) returns text
language sql immutable parallel safe
as $$
    select case when message like 'Released by cleanup%' then 'released_by_cleanup'
                else coalesce(substring(message from '^[a-z][a-z0-9_]*'), 'unknown') end
$$;

-- Sessions by the day (UTC) they were created: started, the furthest stage reached (organizerSetup is reached by
-- every started session), and the outcome so far.
create table analytics_session_days (
    organization_id        uuid not null,
    day                    date not null,
    shard                  smallint not null,
    started                int not null default 0,
    reached_event_setup    int not null default 0,
    reached_ticket_setup   int not null default 0,
    reached_venue_setup    int not null default 0,
    reached_payment_setup  int not null default 0,
    reached_review_publish int not null default 0,
    published              int not null default 0,
    abandoned              int not null default 0,
    expired                int not null default 0,
    primary key (organization_id, day, shard)
) with (fillfactor = 70);  -- room on the page: counter updates stay HOT (no index entry per update)

-- Counts and sums by day, measure, label and bucket:
--   time_to_publish  label ''          bucket: analytics_bucket(seconds from creation to publish); day: the session's creation
--   csat_by_stage    label stage or '' bucket: the rating 1..5
--   csat_by_model    label model or '' bucket: the rating 1..5
--   ai_turns         label model or '' bucket: analytics_bucket(latency_ms), -1 without one; total: tokens
--   publish_failure  label problem code bucket 0
create table analytics_counts (
    organization_id uuid not null,
    day             date not null,
    measure         varchar(20) not null
                        check (measure in ('time_to_publish', 'csat_by_stage', 'csat_by_model', 'ai_turns', 'publish_failure')),
    label           varchar(100) not null,
    bucket          smallint not null,
    n               bigint not null default 0,
    total           bigint not null default 0,
    primary key (organization_id, day, measure, label, bucket)
) with (fillfactor = 70);

create function analytics_count_session(p_organization_id uuid, p_session_id text, p_created_at timestamptz, p_started int,
    p_from_stage int, p_to_stage int, p_from_status text, p_to_status text) returns void
language plpgsql volatile
as $$
begin
    insert into analytics_session_days as d (organization_id, day, shard, started, reached_event_setup, reached_ticket_setup,
                                             reached_venue_setup, reached_payment_setup, reached_review_publish,
                                             published, abandoned, expired)
    values (p_organization_id, (p_created_at at time zone 'UTC')::date, hashtext(p_session_id) & 15, p_started,
            (p_to_stage >= 2)::int - (p_from_stage >= 2)::int,
            (p_to_stage >= 3)::int - (p_from_stage >= 3)::int,
            (p_to_stage >= 4)::int - (p_from_stage >= 4)::int,
            (p_to_stage >= 5)::int - (p_from_stage >= 5)::int,
            (p_to_stage >= 6)::int - (p_from_stage >= 6)::int,
            (p_to_status is not distinct from 'completed')::int - (p_from_status is not distinct from 'completed')::int,
            (p_to_status is not distinct from 'abandoned')::int - (p_from_status is not distinct from 'abandoned')::int,
            (p_to_status is not distinct from 'expired')::int - (p_from_status is not distinct from 'expired')::int)
    on conflict (organization_id, day, shard) do update
    set started = d.started + excluded.started,
        reached_event_setup = d.reached_event_setup + excluded.reached_event_setup,
        reached_ticket_setup = d.reached_ticket_setup + excluded.reached_ticket_setup,
        reached_venue_setup = d.reached_venue_setup + excluded.reached_venue_setup,
        reached_payment_setup = d.reached_payment_setup + excluded.reached_payment_setup,
        reached_review_publish = d.reached_review_publish + excluded.reached_review_publish,
        published = d.published + excluded.published,
        abandoned = d.abandoned + excluded.abandoned,
        expired = d.expired + excluded.expired;
end
$$;

create function analytics_count(p_organization_id uuid, p_at timestamptz, p_measure text, p_label text, p_bucket smallint,
    p_total bigint) returns void
language plpgsql volatile
as $$
begin
    insert into analytics_counts as c (organization_id, day, measure, label, bucket, n, total)
    values (p_organization_id, (p_at at time zone 'UTC')::date, p_measure, p_label, p_bucket, 1, p_total)
    on conflict (organization_id, day, measure, label, bucket) do update
    set n = c.n + 1, total = c.total + excluded.total;
end
$$;

create function analytics_session_created() returns trigger
language plpgsql volatile
as $$
begin
    perform analytics_count_session(new.organization_id, new.session_id, new.created_at, 1, 1,
        greatest(new.furthest_stage, wizard_stage_rank(new.current_stage)), null, new.status);
    return null;
end
$$;

-- BEFORE, not AFTER: it sets furthest_stage on the row being written, and counts in the same call. Its counts
-- commit or roll back with the row.
create function analytics_session_changed() returns trigger
language plpgsql volatile
as $$
declare
    was_reached smallint := greatest(old.furthest_stage, wizard_stage_rank(old.current_stage));
begin
    new.furthest_stage := greatest(was_reached, wizard_stage_rank(new.current_stage));
    if new.furthest_stage = was_reached and new.status = old.status then
        return new;
    end if;
    perform analytics_count_session(new.organization_id, new.session_id, new.created_at, 0, was_reached, new.furthest_stage,
        old.status, new.status);
    if new.status = 'completed' and old.status <> 'completed' then
        perform analytics_count(new.organization_id, new.created_at, 'time_to_publish', '',
            analytics_bucket(extract(epoch from now() - new.created_at)), 0);
    end if;
    return new;
end
$$;

create function analytics_interaction_added() returns trigger
language plpgsql volatile
as $$
begin
    if new.csat_smallint is not null then
        perform analytics_count(new.organization_id, new.created_at, 'csat_by_stage', coalesce(new.stage, ''), new.csat_smallint, 0);
        perform analytics_count(new.organization_id, new.created_at, 'csat_by_model', coalesce(new.model, ''), new.csat_smallint, 0);
    end if;
    if new.role = 'assistant' then
        perform analytics_count(new.organization_id, new.created_at, 'ai_turns', coalesce(new.model, ''),
            coalesce(analytics_bucket(new.latency_ms), -1::smallint), coalesce(new.tokens_used, 0));
    end if;
    return null;
end
$$;

create function analytics_publish_failed() returns trigger
language plpgsql volatile
as $$
begin
    perform analytics_count(new.organization_id, new.created_at, 'publish_failure', analytics_failure_code(new.error_message),
        0::smallint, 0);
    return null;
end
$$;

-- The WHEN clauses are evaluated without calling the function: an autosave that stays within the stages already
-- reached and does not change the status, a user turn without a rating, an action that does not fail, cost nothing.
create trigger wizard_sessions_analytics_insert after insert on wizard_sessions
    for each row execute function analytics_session_created();
create trigger wizard_sessions_analytics_update before update of current_stage, status on wizard_sessions
    for each row when (old.current_stage is distinct from new.current_stage or old.status is distinct from new.status)
    execute function analytics_session_changed();
create trigger wizard_interactions_analytics after insert on wizard_interactions
    for each row when (new.csat_smallint is not null or new.role = 'assistant')
    execute function analytics_interaction_added();
create trigger wizard_actions_analytics_insert after insert on wizard_actions
    for each row when (new.status = 'failed' and new.name = 'publishEvent')
    execute function analytics_publish_failed();
create trigger wizard_actions_analytics_update after update of status on wizard_actions
    for each row when (new.status = 'failed' and old.status <> 'failed' and new.name = 'publishEvent')
    execute function analytics_publish_failed();

-- The rollups of the rows that exist, in one statement per table, as the triggers would have written them. For empty
-- rollups only: run by this script, and by bench/analytics.sh after loading its fixture with the triggers off.
-- Sessions already deleted by the cleanup before this script ran are not in any figure.
create function analytics_backfill() returns void
language plpgsql volatile
as $$
begin
    if exists (select from analytics_session_days) or exists (select from analytics_counts) then
        raise exception 'analytics_backfill fills empty rollups only' using errcode = '55000';
    end if;

    insert into analytics_session_days (organization_id, day, shard, started, reached_event_setup, reached_ticket_setup,
                                        reached_venue_setup, reached_payment_setup, reached_review_publish,
                                        published, abandoned, expired)
    select organization_id, day, shard, count(*),
           count(*) filter (where reached >= 2), count(*) filter (where reached >= 3), count(*) filter (where reached >= 4),
           count(*) filter (where reached >= 5), count(*) filter (where reached >= 6),
           count(*) filter (where status = 'completed'), count(*) filter (where status = 'abandoned'),
           count(*) filter (where status = 'expired')
    from (
        select organization_id, (created_at at time zone 'UTC')::date as day, hashtext(session_id) & 15 as shard, status,
               greatest(furthest_stage, wizard_stage_rank(current_stage)) as reached
        from wizard_sessions
    ) s
    group by organization_id, day, shard;

    insert into analytics_counts (organization_id, day, measure, label, bucket, n, total)
    select organization_id, (at at time zone 'UTC')::date, measure, label, bucket, count(*), sum(total)
    from (
        select s.organization_id, s.created_at as at, 'time_to_publish' as measure, '' as label,
               analytics_bucket(extract(epoch from coalesce(e.published_at, s.updated_at) - s.created_at)) as bucket,
               0::bigint as total
        from wizard_sessions s
        left join events e on e.organization_id = s.organization_id and e.id = s.event_id
        where s.status = 'completed'
        union all
        select organization_id, created_at, 'csat_by_stage', coalesce(stage, ''), csat_smallint, 0
        from wizard_interactions where csat_smallint is not null
        union all
        select organization_id, created_at, 'csat_by_model', coalesce(model, ''), csat_smallint, 0
        from wizard_interactions where csat_smallint is not null
        union all
        select organization_id, created_at, 'ai_turns', coalesce(model, ''), coalesce(analytics_bucket(latency_ms), -1::smallint),
               coalesce(tokens_used, 0)
        from wizard_interactions where role = 'assistant'
        union all
        select organization_id, created_at, 'publish_failure', analytics_failure_code(error_message), 0::smallint, 0
        from wizard_actions where status = 'failed' and name = 'publishEvent'
    ) facts
    group by 1, 2, 3, 4, 5;
end
$$;

select analytics_backfill();

alter table analytics_session_days enable row level security;
alter table analytics_session_days force row level security;
alter table analytics_counts enable row level security;
alter table analytics_counts force row level security;

create policy tenant_isolation on analytics_session_days
    using (organization_id = (select app_current_org())) with check (organization_id = (select app_current_org()));
create policy tenant_isolation on analytics_counts
    using (organization_id = (select app_current_org())) with check (organization_id = (select app_current_org()));
-- The cleanup's expiry (SECURITY DEFINER, as the owner) counts expired sessions through the trigger.
create policy maintenance_by_owner on analytics_session_days using ((select app_is_schema_owner()));
create policy maintenance_by_owner on analytics_counts using ((select app_is_schema_owner()));

grant select, insert, update, delete on analytics_session_days, analytics_counts to event_wizard_runtime;

revoke execute on function analytics_backfill() from public;
grant execute on function analytics_count_session(uuid, text, timestamptz, int, int, int, text, text),
    analytics_count(uuid, timestamptz, text, text, smallint, bigint), wizard_stage_rank(text), analytics_bucket(double precision),
    analytics_failure_code(text) to event_wizard_runtime;
