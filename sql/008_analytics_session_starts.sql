-- A new session appends its start to a log instead of upserting its session-day counter row; the fold of sql/006 and
-- sql/007 moves the log into the counter rows every minute (docs/analytics.md, "Starts are folded").
--
-- Until now the insert trigger upserted the (organization, day, shard) row inside the create's transaction and held its
-- lock over the durable commit: creates at once in one organization queued on its 16 rows. bench/ab.sh (AB_KIND=create,
-- 16 connections, 4 ABBA rounds, docs/scaling.md) measured the create at 2,252 req/s, p99 18.6 ms with the upsert and
-- 2,631 req/s (1.17), p99 16.1 ms with this append to a table without an index. So:
-- * the insert trigger appends what the start counts (organization, day, shard, stage reached, counted status);
-- * analytics_fold_starts() deletes the log's rows a minute old and adds them to the counter rows in one transaction:
--   a start is counted by the log or by its row, never both, never neither (the read sees both in one snapshot);
-- * the read adds the caller's rows of the log (analytics_unfolded_starts). Without an index that is a scan of the
--   log, which holds the last minute or two of starts of every organization while the fold runs;
-- * the update trigger is unchanged: it adds changes of stage and status to the counter rows as differences from what
--   the session had reached, which add up the same whether its start is folded yet or not.
-- The minute's margin, as the other folds have, leaves a new start in the log for a minute: a test that arranges starts
-- finds them there although the host beside it folds every minute.

create table analytics_session_starts (
    organization_id uuid not null,
    day             date not null,         -- the session's creation day (UTC), as analytics_session_days.day
    shard           smallint not null,     -- analytics_shard(session_id)
    reached         smallint not null,     -- wizard_stage_rank of the furthest stage the new session has reached
    status          text,                  -- analytics_counted_status of the new session's status
    logged_at       timestamptz not null default now()
);

alter table analytics_session_starts enable row level security;
alter table analytics_session_starts force row level security;
create policy tenant_isolation on analytics_session_starts
    using (organization_id = (select app_current_org())) with check (organization_id = (select app_current_org()));
create policy maintenance_by_owner on analytics_session_starts using ((select app_is_schema_owner()));
-- Appended to by the insert trigger, which runs as whoever inserts the session (the tenant); read by the tenant's
-- analytics. Neither changes nor deletes a start.
grant select, insert on analytics_session_starts to event_wizard_runtime;

create or replace function analytics_session_created() returns trigger
language plpgsql volatile
as $$
begin
    insert into analytics_session_starts (organization_id, day, shard, reached, status)
    values (new.organization_id, (new.created_at at time zone 'UTC')::date, analytics_shard(new.session_id),
            greatest(new.furthest_stage, wizard_stage_rank(new.current_stage)), analytics_counted_status(new.status));
    return null;
end
$$;

-- The one definition of what starts count, as counter-row figures, one row per (organization, day, shard): of the
-- rows the fold takes from the log, and of the caller's rows the read adds.
create function analytics_start_figures(starts analytics_session_starts[])
returns table (organization_id uuid, day date, shard smallint, started int, reached_event_setup int, reached_ticket_setup int,
               reached_venue_setup int, reached_payment_setup int, reached_review_publish int, abandoned int, expired int)
language sql immutable parallel safe
as $$
    select s.organization_id, s.day, s.shard, count(*),
           count(*) filter (where s.reached >= 2), count(*) filter (where s.reached >= 3), count(*) filter (where s.reached >= 4),
           count(*) filter (where s.reached >= 5), count(*) filter (where s.reached >= 6),
           count(*) filter (where s.status = 'abandoned'), count(*) filter (where s.status = 'expired')
    from unnest(starts) s
    group by 1, 2, 3
$$;

create function analytics_fold_starts(out starts bigint, out counter_rows bigint)
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
begin
    -- The folds and the backfill take analytics_folds' rows before anything else, so they run one at a time and lock in
    -- one order (the backfill then locks this log).
    perform from analytics_folds order by source for update;
    with folded as (
        delete from analytics_session_starts where logged_at < now() - interval '1 minute'
        returning *
    ), funnel as (
        insert into analytics_session_days as d (organization_id, day, shard, started, reached_event_setup, reached_ticket_setup,
                                                 reached_venue_setup, reached_payment_setup, reached_review_publish,
                                                 abandoned, expired)
        select * from analytics_start_figures(array(select f::analytics_session_starts from folded f))
        on conflict (organization_id, day, shard) do update
        set started = d.started + excluded.started,
            reached_event_setup = d.reached_event_setup + excluded.reached_event_setup,
            reached_ticket_setup = d.reached_ticket_setup + excluded.reached_ticket_setup,
            reached_venue_setup = d.reached_venue_setup + excluded.reached_venue_setup,
            reached_payment_setup = d.reached_payment_setup + excluded.reached_payment_setup,
            reached_review_publish = d.reached_review_publish + excluded.reached_review_publish,
            abandoned = d.abandoned + excluded.abandoned,
            expired = d.expired + excluded.expired
        returning 1
    )
    select (select count(*) from folded), (select count(*) from funnel) into starts, counter_rows;
end
$$;

-- The caller's starts not folded yet (with the caller's row security: its own organization's), by day.
create function analytics_unfolded_starts(p_organization_id uuid, p_from date, p_to date)
returns table (day date, started int, reached_event_setup int, reached_ticket_setup int, reached_venue_setup int,
               reached_payment_setup int, reached_review_publish int, abandoned int, expired int)
language sql stable
as $$
    select f.day, f.started, f.reached_event_setup, f.reached_ticket_setup, f.reached_venue_setup, f.reached_payment_setup,
           f.reached_review_publish, f.abandoned, f.expired
    from analytics_start_figures(array(
        select s from analytics_session_starts s
        where s.organization_id = p_organization_id and s.day between p_from and p_to)) f
$$;

-- The backfill counts every session from wizard_sessions, so it empties the log in the same transaction, with new
-- starts held back until it commits (they wait for the lock, then land in the emptied log).
alter function analytics_backfill() rename to analytics_backfill_rollups;

create function analytics_backfill() returns void
language plpgsql volatile
as $$
begin
    perform from analytics_folds order by source for update;
    lock table analytics_session_starts in share row exclusive mode;
    delete from analytics_session_starts;
    perform analytics_backfill_rollups();
end
$$;

revoke execute on function analytics_fold_starts(), analytics_backfill(), analytics_backfill_rollups() from public;
grant execute on function analytics_fold_starts(), analytics_unfolded_starts(uuid, date, date),
    analytics_start_figures(analytics_session_starts[]) to event_wizard_runtime;
