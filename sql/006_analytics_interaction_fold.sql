-- An assistant turn or a rating no longer writes a counter row: the interaction row is the fact, and a fold adds it to
-- analytics_counts later (docs/analytics.md, "Interactions are folded").
--
-- sql/003 counted each interaction in its own transaction, an upsert beside the insert. Measured at full size
-- (bench/analytics.sh) a turn ran at 0.64-0.77 of its rate without it; pgbench of the turn's statement alone at 0.56
-- (1,780 against 3,182 commits/s), and 0.70 with the upsert replaced by an append to an unindexed table: any row
-- written per turn costs the turn a quarter of its rate. So the turn writes nothing more, and:
-- * analytics_fold_interactions(), run every minute by the Cleanup app's AnalyticsFold timer, counts the
--   unredacted interactions created between the last fold's cutoff and its own (a minute ago: every transaction that
--   inserts an interaction does database work only and lasts milliseconds, so none stamped before the cutoff commits
--   after it) and moves the cutoff, in one transaction;
-- * the read adds the caller's interactions created since the cutoff to the folded counts (analytics_unfolded_counts),
--   so a turn shows at once;
-- * an interaction redacted or deleted before a fold reached it is counted by the statement that redacts or deletes
--   it, so the figures still outlive retention however the cleanup is scheduled.
-- Every interaction is counted once: folded, counted on leaving, or read live, never two of them (the fold and the
-- leaving statements take the cutoff's row lock, the read sees both in one snapshot).

drop trigger wizard_interactions_analytics on wizard_interactions;
drop function analytics_interaction_added();

-- The counter rows an interaction contributes (sql/003's measures csat_by_stage, csat_by_model and ai_turns). As a
-- UNION ALL it is inlined into its callers at about 3 us a row; as a lateral VALUES list it took 20-50.
create function analytics_interaction_facts(i wizard_interactions)
returns table (measure text, label text, bucket smallint, total bigint)
language sql immutable parallel safe
as $$
    select 'csat_by_stage', coalesce(i.stage, ''), i.csat_smallint, 0::bigint where i.csat_smallint is not null
    union all
    select 'csat_by_model', coalesce(i.model, ''), i.csat_smallint, 0::bigint where i.csat_smallint is not null
    union all
    select 'ai_turns', coalesce(i.model, ''), coalesce(analytics_bucket(i.latency_ms), -1::smallint), coalesce(i.tokens_used, 0)::bigint
    where i.role = 'assistant'
$$;

-- One row: interactions created before folded_before are in analytics_counts; later ones are not yet.
create table analytics_folds (
    source        varchar(20) primary key check (source = 'interactions'),
    folded_before timestamptz not null
);
-- Until now the trigger counted every interaction as it was inserted; dropping it above waited for the inserts in flight.
insert into analytics_folds (source, folded_before) values ('interactions', now());

-- Adds the folded interactions' facts to analytics_counts (shard 0, as sql/005 keeps them).
create function analytics_add_interaction_counts(folded wizard_interactions[]) returns void
language sql volatile set search_path = public, pg_temp
as $$
    insert into analytics_counts as c (organization_id, day, measure, label, bucket, shard, n, total)
    select i.organization_id, (i.created_at at time zone 'UTC')::date, f.measure, f.label, f.bucket, 0, count(*), sum(f.total)
    from unnest(folded) i
    cross join lateral analytics_interaction_facts(i) f
    group by 1, 2, 3, 4, 5
    on conflict (organization_id, day, measure, label, bucket, shard) do update
    set n = c.n + excluded.n, total = c.total + excluded.total
$$;

create function analytics_fold_interactions(out interactions bigint, out counter_rows bigint)
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
declare
    cutoff timestamptz := now() - interval '1 minute';
    folded_from timestamptz;
begin
    select folded_before into folded_from from analytics_folds where source = 'interactions' for update;
    if cutoff <= folded_from then
        interactions := 0;
        counter_rows := 0;
        return;
    end if;
    with folded as (
        select i.*
        from wizard_interactions i
        where i.redacted_at is null and i.created_at >= folded_from and i.created_at < cutoff  -- wizard_interactions_unredacted_created_idx
          and (i.csat_smallint is not null or i.role = 'assistant')
    ), counted as (
        insert into analytics_counts as c (organization_id, day, measure, label, bucket, shard, n, total)
        select i.organization_id, (i.created_at at time zone 'UTC')::date, f.measure, f.label, f.bucket, 0, count(*), sum(f.total)
        from folded i
        cross join lateral analytics_interaction_facts(i::wizard_interactions) f
        group by 1, 2, 3, 4, 5
        on conflict (organization_id, day, measure, label, bucket, shard) do update
        set n = c.n + excluded.n, total = c.total + excluded.total
        returning 1
    )
    select (select count(*) from folded), (select count(*) from counted) into interactions, counter_rows;
    update analytics_folds set folded_before = cutoff where source = 'interactions';
end
$$;

-- Statement triggers of redaction and deletion (the cleanup's, a session's cascade): the rows leaving the fold's
-- reach unfolded are counted now. The share lock waits for a fold in progress, which has then counted what it saw.
create function analytics_count_unfolded(leaving wizard_interactions[]) returns void
language plpgsql volatile set search_path = public, pg_temp
as $$
declare
    folded_from timestamptz;
begin
    select folded_before into folded_from from analytics_folds where source = 'interactions' for share;
    perform analytics_add_interaction_counts(array(
        select i from unnest(leaving) i
        where i.created_at >= folded_from and (i.csat_smallint is not null or i.role = 'assistant')));
end
$$;

-- A session's cascade deletes its interactions in a statement of their own, so this runs once per deleted session:
-- the cleanup's old, folded rows leave after one look at the cutoff, without its lock (a fold in progress only moves
-- the cutoff forward, so rows before the committed one are before the new one too).
create function analytics_interactions_deleted() returns trigger
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
begin
    if exists (select from deleted d where d.redacted_at is null
               and d.created_at >= (select f.folded_before from analytics_folds f where f.source = 'interactions')) then
        perform analytics_count_unfolded(array(select d::wizard_interactions from deleted d where d.redacted_at is null));
    end if;
    return null;
end
$$;

create function analytics_interactions_redacted() returns trigger
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
begin
    perform analytics_count_unfolded(array(
        select o::wizard_interactions from before_update o join after_update n on n.id = o.id
        where o.redacted_at is null and n.redacted_at is not null));
    return null;
end
$$;

create trigger wizard_interactions_analytics_deleted after delete on wizard_interactions
    referencing old table as deleted for each statement execute function analytics_interactions_deleted();
create trigger wizard_interactions_analytics_redacted after update on wizard_interactions
    referencing old table as before_update new table as after_update for each statement
    execute function analytics_interactions_redacted();

-- The caller's interactions not folded yet, as counter rows (read beside analytics_counts; their day filters the range).
-- With the row security of the caller: wizard_interactions' policy keeps it to the caller's organization. Its index
-- makes the read's cost one organization's last minute or two of turns, whatever the others write; an insert pays one
-- more index entry (pgbench of the turn's statement, 8 clients: within the run-to-run spread of about 5%).
create index wizard_interactions_org_unredacted_created_idx on wizard_interactions (organization_id, created_at)
    where redacted_at is null;
create function analytics_unfolded_counts(p_organization_id uuid, p_from date, p_to date)
returns table (day date, measure text, label text, bucket smallint, n bigint, total bigint)
language plpgsql stable
as $$
declare
    folded_before timestamptz := (select f.folded_before from analytics_folds f where f.source = 'interactions');
begin
    -- Planned with the cutoff's value: as a parameter unknown to the planner, a third of the organization's rows were
    -- expected past it and the plan was a sequential scan of them. (STABLE: one snapshot with the caller's query.)
    return query execute $q$
        select (i.created_at at time zone 'UTC')::date, f.measure, f.label, f.bucket, count(*), sum(f.total)::bigint
        from wizard_interactions i
        cross join lateral analytics_interaction_facts(i) f
        where i.organization_id = $1 and i.redacted_at is null and i.created_at >= $2
          and (i.created_at at time zone 'UTC')::date between $3 and $4
          and (i.csat_smallint is not null or i.role = 'assistant')
        group by 1, 2, 3, 4
        $q$ using p_organization_id, folded_before, p_from, p_to;
end
$$;

-- As sql/005's backfill, with the interactions counted up to a cutoff of a minute ago, where the folds go on, and its rows
-- written in day order, as a year of triggers and folds leaves them: a range of days then reads a range of pages (in
-- hash order a 90-day read touched every page of the table, 75-80 ms of SQL at 1,000,000 sessions instead of 35-45). It holds
-- the cutoff's row lock from the start, so a fold waits for it instead of writing rows the backfill then writes again.
create or replace function analytics_backfill() returns void
language plpgsql volatile
as $$
declare
    cutoff timestamptz := now() - interval '1 minute';
begin
    perform from analytics_folds where source = 'interactions' for update;
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
    group by organization_id, day, shard
    order by organization_id, day;

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
        select i.organization_id, i.created_at, f.measure, f.label, f.bucket, 0::smallint, f.total
        from wizard_interactions i
        cross join lateral analytics_interaction_facts(i) f
        where i.created_at < cutoff and (i.csat_smallint is not null or i.role = 'assistant')
        union all
        select organization_id, created_at, 'publish_failure', analytics_failure_code(error_message), 0::smallint,
               analytics_shard(session_id), 0
        from wizard_actions where status = 'failed' and name = 'publishEvent'
    ) facts
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2;

    update analytics_folds set folded_before = cutoff where source = 'interactions';
end
$$;

-- The runtime role folds (as the owner: every organization's rows) and reads its own unfolded counts; it cannot add
-- counts of its choosing.
revoke execute on function analytics_backfill(), analytics_add_interaction_counts(wizard_interactions[]),
    analytics_count_unfolded(wizard_interactions[]), analytics_fold_interactions() from public;
grant execute on function analytics_fold_interactions(), analytics_interaction_facts(wizard_interactions),
    analytics_unfolded_counts(uuid, date, date) to event_wizard_runtime;
grant select on analytics_folds to event_wizard_runtime;
