-- Nightly cleanup (Cleanup.Functions' timer, in place of the original's pg_cron job).
--
-- Each function does ONE bounded batch and returns the number of rows it changed; the caller
-- (Shared/Cleanup/CleanupRunner) calls it again, each call its own short transaction, until a batch
-- comes back smaller than the batch size. Every batch picks its rows through a partial index, oldest
-- first, `for update skip locked`, so a batch never waits behind a user's transaction and never scans
-- rows that are not due; it then changes the rows it locked by their ctid (a locked row cannot move
-- until the batch commits), which spares a primary key lookup per row. Stopping between or inside batches loses nothing: a batch commits whole or
-- not at all, and the next run finds what is left through the same index.
--
-- The functions are SECURITY DEFINER and owned by the schema owner: policy maintenance_by_owner (001)
-- lets them see every tenant's rows; the runtime role may only EXECUTE them.
--
-- `as_of` is the caller's clock at the start of the run (one cut-off for the whole run, so rows that
-- fall due during the run wait for the next one). It is capped at the server's now(): a caller cannot
-- make anything due early by passing a time in the future. Retention periods have floors for the same
-- reason: a wrong setting (or a misused runtime role) cannot redact or delete what is less than a day old.

-- Redaction by age (created_at + Cleanup__InteractionRetention) needs its own index, beside
-- wizard_interactions_expires_idx (001) for redaction by the row's own expires_at.
create index wizard_interactions_unredacted_created_idx on wizard_interactions (created_at) where redacted_at is null;

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
-- the (organization_id, session_id, ...) indexes of 001. Completed sessions are never selected (they
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
