-- A publish no longer writes a counter row: its event is the fact, and the fold of sql/006 adds it to the funnel
-- (published) and to time_to_publish a minute later (docs/analytics.md, "Publishes are folded").
--
-- Until now the session trigger upserted two counter rows inside the publish's transaction (the funnel's session-day
-- row, the time-to-publish row), both held over the durable commit. bench/analytics.sh measured the publish at
-- 0.83-0.95 of its rate without them, 0.88 with only the funnel's; sql/006 had found the same of the turn (any row
-- written per request costs it about a quarter of its rate at 8 clients). An event is inserted once, by the publish
-- that closes its session, and neither it nor its session is ever deleted (cleanup_delete_closed_sessions skips
-- completed sessions; no route deletes either), so:
-- * analytics_fold_publishes(), run with the interactions' fold every minute, counts the events created between the
--   last cutoff and a minute ago (a publish's transaction is database work only: the Stripe check comes before it);
-- * the read adds the caller's events created since the cutoff (analytics_unfolded_publishes);
-- * the session trigger still keeps furthest_stage and counts stages reached, abandoned and expired; a change to or
--   from 'completed' moves no status count ('published' counts the publishes, events, not a status), and a publish
--   from reviewPublish does not call it.
-- A publish is counted once: folded, or read live, never both (the read sees the cutoff and the events in one snapshot).

-- Wait for the publishes in flight (their first statement locks the session, so they hold this table): each has been
-- counted by the old trigger, and stamped its event before the cutoff below. Publishes started after this script
-- queue behind the lock and stamp theirs after it.
lock table wizard_sessions in exclusive mode;

alter table analytics_folds drop constraint analytics_folds_source_check;
alter table analytics_folds add constraint analytics_folds_source_check check (source in ('interactions', 'publishes'));
insert into analytics_folds (source, folded_before) values ('publishes', now());

-- The statuses the funnel's rows count by status: 'published' counts events now, and 'in_progress' counts nothing.
create function analytics_counted_status(status text) returns text
language sql immutable parallel safe
as $$ select case when status in ('abandoned', 'expired') then status end $$;

create or replace function analytics_session_created() returns trigger
language plpgsql volatile
as $$
begin
    perform analytics_count_session(new.organization_id, new.session_id, new.created_at, 1, 1,
        greatest(new.furthest_stage, wizard_stage_rank(new.current_stage)), null, analytics_counted_status(new.status));
    return null;
end
$$;

create or replace function analytics_session_changed() returns trigger
language plpgsql volatile
as $$
declare
    was_reached smallint := greatest(old.furthest_stage, wizard_stage_rank(old.current_stage));
    was_status text := analytics_counted_status(old.status);
    is_status text := analytics_counted_status(new.status);
begin
    new.furthest_stage := greatest(was_reached, wizard_stage_rank(new.current_stage));
    if new.furthest_stage = was_reached and is_status is not distinct from was_status then
        return new;
    end if;
    perform analytics_count_session(new.organization_id, new.session_id, new.created_at, 0, was_reached, new.furthest_stage,
        was_status, is_status);
    return new;
end
$$;

-- Called only when the stage moves or a counted status comes or goes (the WHEN inlines analytics_counted_status): a
-- publish from reviewPublish (in_progress to completed, the stage kept) runs no PL/pgSQL at all.
drop trigger wizard_sessions_analytics_update on wizard_sessions;
create trigger wizard_sessions_analytics_update before update of current_stage, status on wizard_sessions
    for each row when (old.current_stage is distinct from new.current_stage
                       or analytics_counted_status(old.status) is distinct from analytics_counted_status(new.status))
    execute function analytics_session_changed();

-- Every publish with the funnel row it counts in: the day its session was created (UTC) and the session's shard, and
-- its time-to-publish bucket. With the row security of the caller (security_invoker): the runtime's read sees its own
-- organization's; the owner's fold and backfill see every organization's.
create view analytics_publishes with (security_invoker = true) as
    select e.organization_id, e.created_at, (s.created_at at time zone 'UTC')::date as day, analytics_shard(s.session_id) as shard,
           analytics_bucket(extract(epoch from e.published_at - s.created_at)) as bucket
    from events e
    -- Each event looks its session up by primary key. Joined plainly, the planner (no statistics on the session's
    -- creation day) merged the whole organization's sessions with the events: 1.6 s at 214,000 sessions where the
    -- lookups take milliseconds. OFFSET 0 keeps the subquery a per-event lookup.
    cross join lateral (
        select s.session_id, s.created_at from wizard_sessions s
        where s.organization_id = e.organization_id and s.session_id = e.source_session_id
        offset 0
    ) s
    where e.published_at is not null;

-- The fold's range of events, every organization's. (The read's range, one organization's, is events_org_created_idx.)
-- A publish pays this one index entry instead of two counter upserts.
create index events_created_idx on events (created_at);

create function analytics_fold_publishes(out publishes bigint, out counter_rows bigint)
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
declare
    cutoff timestamptz := now() - interval '1 minute';
    folded_from timestamptz;
begin
    select folded_before into folded_from from analytics_folds where source = 'publishes' for update;
    if cutoff <= folded_from then
        publishes := 0;
        counter_rows := 0;
        return;
    end if;
    with folded as (
        select * from analytics_publishes where created_at >= folded_from and created_at < cutoff
    ), funnel as (
        insert into analytics_session_days as d (organization_id, day, shard, published)
        select organization_id, day, shard, count(*) from folded group by 1, 2, 3
        on conflict (organization_id, day, shard) do update set published = d.published + excluded.published
        returning 1
    ), times as (
        insert into analytics_counts as c (organization_id, day, measure, label, bucket, shard, n, total)
        select organization_id, day, 'time_to_publish', '', bucket, shard, count(*), 0 from folded group by 1, 2, 5, 6
        on conflict (organization_id, day, measure, label, bucket, shard) do update set n = c.n + excluded.n
        returning 1
    )
    select (select count(*) from folded), (select count(*) from funnel) + (select count(*) from times)
    into publishes, counter_rows;
    update analytics_folds set folded_before = cutoff where source = 'publishes';
end
$$;

-- The caller's publishes not folded yet, by the day of their session and their time-to-publish bucket. Planned with
-- the cutoff's value, as analytics_unfolded_counts (sql/006) is.
create function analytics_unfolded_publishes(p_organization_id uuid, p_from date, p_to date)
returns table (day date, bucket smallint, n bigint)
language plpgsql stable
as $$
declare
    folded_before timestamptz := (select f.folded_before from analytics_folds f where f.source = 'publishes');
begin
    return query execute $q$
        select p.day, p.bucket, count(*)
        from analytics_publishes p
        where p.organization_id = $1 and p.created_at >= $2 and p.day between $3 and $4
        group by 1, 2
        $q$ using p_organization_id, folded_before, p_from, p_to;
end
$$;

-- As sql/006's backfill, with the publishes counted from their events up to the cutoff, where their fold goes on.
create or replace function analytics_backfill() returns void
language plpgsql volatile
as $$
declare
    cutoff timestamptz := now() - interval '1 minute';
begin
    perform from analytics_folds for update;
    if exists (select from analytics_session_days) or exists (select from analytics_counts) then
        raise exception 'analytics_backfill fills empty rollups only' using errcode = '55000';
    end if;

    insert into analytics_session_days as d (organization_id, day, shard, started, reached_event_setup, reached_ticket_setup,
                                             reached_venue_setup, reached_payment_setup, reached_review_publish,
                                             published, abandoned, expired)
    select organization_id, day, shard, sum(started),
           sum(reached_event_setup), sum(reached_ticket_setup), sum(reached_venue_setup), sum(reached_payment_setup),
           sum(reached_review_publish), sum(published), sum(abandoned), sum(expired)
    from (
        select organization_id, (created_at at time zone 'UTC')::date as day, analytics_shard(session_id) as shard, 1 as started,
               (reached >= 2)::int as reached_event_setup, (reached >= 3)::int as reached_ticket_setup,
               (reached >= 4)::int as reached_venue_setup, (reached >= 5)::int as reached_payment_setup,
               (reached >= 6)::int as reached_review_publish, 0 as published,
               (status = 'abandoned')::int as abandoned, (status = 'expired')::int as expired
        from (select *, greatest(furthest_stage, wizard_stage_rank(current_stage)) as reached from wizard_sessions) s
        union all
        select organization_id, day, shard, 0, 0, 0, 0, 0, 0, 1, 0, 0
        from analytics_publishes where created_at < cutoff
    ) facts
    group by organization_id, day, shard
    order by organization_id, day;

    insert into analytics_counts (organization_id, day, measure, label, bucket, shard, n, total)
    select organization_id, day, measure, label, bucket, shard, count(*), sum(total)
    from (
        select organization_id, day, 'time_to_publish' as measure, '' as label, bucket, shard, 0::bigint as total
        from analytics_publishes where created_at < cutoff
        union all
        select i.organization_id, (i.created_at at time zone 'UTC')::date, f.measure, f.label, f.bucket, 0::smallint, f.total
        from wizard_interactions i
        cross join lateral analytics_interaction_facts(i) f
        where i.created_at < cutoff and (i.csat_smallint is not null or i.role = 'assistant')
        union all
        select organization_id, (created_at at time zone 'UTC')::date, 'publish_failure', analytics_failure_code(error_message), 0::smallint,
               analytics_shard(session_id), 0
        from wizard_actions where status = 'failed' and name = 'publishEvent'
    ) facts
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2;

    update analytics_folds set folded_before = cutoff;
end
$$;

revoke execute on function analytics_fold_publishes() from public;
grant execute on function analytics_fold_publishes(), analytics_unfolded_publishes(uuid, date, date), analytics_counted_status(text)
    to event_wizard_runtime;
grant select on analytics_publishes to event_wizard_runtime;
