-- Publishes in one organization no longer queue for one counter row (docs/analytics.md, "Benchmark").
--
-- sql/003 kept analytics_counts unsharded, reasoning that its rows spread by value. A publish's time_to_publish row
-- does not: publishes in one organization fall into a few buckets of their day, and each holds the row's lock until its
-- durable commit has flushed. Measured with pgbench, 8 clients upserting one counter row committed 1,381-1,493 times a
-- second, over 16 rows 2,844-3,488; bench/analytics.sh's publishes ran at 0.57-0.68 of their rate without rollups.
-- So time_to_publish and publish_failure rows are sharded by the session like analytics_session_days (the reader sums
-- the shards; a day holds no more of these rows than it had publishes). Turns and ratings stay in shard 0: a busy
-- organization's turns fill some hundred rows a day already, and sixteen times that would be what a range reads.
alter table analytics_counts add column shard smallint not null default 0;
alter table analytics_counts drop constraint analytics_counts_pkey;
alter table analytics_counts add constraint analytics_counts_pkey primary key (organization_id, day, measure, label, bucket, shard);

create function analytics_shard(session_id text) returns smallint
language sql immutable parallel safe
as $$ select (hashtext(session_id) & 15)::smallint $$;

drop function analytics_count(uuid, timestamptz, text, text, smallint, bigint);

create function analytics_count(p_organization_id uuid, p_at timestamptz, p_measure text, p_label text, p_bucket smallint,
    p_total bigint, p_shard smallint) returns void
language plpgsql volatile
as $$
begin
    insert into analytics_counts as c (organization_id, day, measure, label, bucket, shard, n, total)
    values (p_organization_id, (p_at at time zone 'UTC')::date, p_measure, p_label, p_bucket, p_shard, 1, p_total)
    on conflict (organization_id, day, measure, label, bucket, shard) do update
    set n = c.n + 1, total = c.total + excluded.total;
end
$$;

create or replace function analytics_session_changed() returns trigger
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
            analytics_bucket(extract(epoch from now() - new.created_at)), 0, analytics_shard(new.session_id));
    end if;
    return new;
end
$$;

create or replace function analytics_interaction_added() returns trigger
language plpgsql volatile
as $$
begin
    if new.csat_smallint is not null then
        perform analytics_count(new.organization_id, new.created_at, 'csat_by_stage', coalesce(new.stage, ''), new.csat_smallint, 0, 0::smallint);
        perform analytics_count(new.organization_id, new.created_at, 'csat_by_model', coalesce(new.model, ''), new.csat_smallint, 0, 0::smallint);
    end if;
    if new.role = 'assistant' then
        perform analytics_count(new.organization_id, new.created_at, 'ai_turns', coalesce(new.model, ''),
            coalesce(analytics_bucket(new.latency_ms), -1::smallint), coalesce(new.tokens_used, 0), 0::smallint);
    end if;
    return null;
end
$$;

create or replace function analytics_publish_failed() returns trigger
language plpgsql volatile
as $$
begin
    perform analytics_count(new.organization_id, new.created_at, 'publish_failure', analytics_failure_code(new.error_message),
        0::smallint, 0, analytics_shard(new.session_id));
    return null;
end
$$;

-- As sql/003's backfill, with the shards the triggers above write.
create or replace function analytics_backfill() returns void
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
        select organization_id, (created_at at time zone 'UTC')::date as day, analytics_shard(session_id) as shard, status,
               greatest(furthest_stage, wizard_stage_rank(current_stage)) as reached
        from wizard_sessions
    ) s
    group by organization_id, day, shard;

    insert into analytics_counts (organization_id, day, measure, label, bucket, shard, n, total)
    select organization_id, (at at time zone 'UTC')::date, measure, label, bucket, shard, count(*), sum(total)
    from (
        select s.organization_id, s.created_at as at, 'time_to_publish' as measure, '' as label,
               analytics_bucket(extract(epoch from coalesce(e.published_at, s.updated_at) - s.created_at)) as bucket,
               analytics_shard(s.session_id) as shard, 0::bigint as total
        from wizard_sessions s
        left join events e on e.organization_id = s.organization_id and e.id = s.event_id
        where s.status = 'completed'
        union all
        select organization_id, created_at, 'csat_by_stage', coalesce(stage, ''), csat_smallint, 0::smallint, 0
        from wizard_interactions where csat_smallint is not null
        union all
        select organization_id, created_at, 'csat_by_model', coalesce(model, ''), csat_smallint, 0::smallint, 0
        from wizard_interactions where csat_smallint is not null
        union all
        select organization_id, created_at, 'ai_turns', coalesce(model, ''), coalesce(analytics_bucket(latency_ms), -1::smallint),
               0::smallint, coalesce(tokens_used, 0)
        from wizard_interactions where role = 'assistant'
        union all
        select organization_id, created_at, 'publish_failure', analytics_failure_code(error_message), 0::smallint,
               analytics_shard(session_id), 0
        from wizard_actions where status = 'failed' and name = 'publishEvent'
    ) facts
    group by 1, 2, 3, 4, 5, 6;
end
$$;

revoke execute on function analytics_backfill() from public;
grant execute on function analytics_count(uuid, timestamptz, text, text, smallint, bigint, smallint), analytics_shard(text)
    to event_wizard_runtime;
