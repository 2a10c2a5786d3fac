-- Cheaper updates of wizard_sessions: PostgreSQL prepares a table's CHECK constraints and its triggers' WHEN conditions
-- anew for every statement that updates it (once per execution, not once per prepared statement), and every node of
-- them costs on every autosave. Under prepared autosaves at 16 connections (perf, docs/scaling.md "Where
-- PostgreSQL's CPU goes"):
-- * the update trigger's WHEN of sql/007 took 6% of PostgreSQL's CPU: planning it inlined analytics_counted_status(),
--   which parses that function's body each time. Now two comparisons: the function is called when the stage or the
--   status changes at all, and returns at once when no counted figure moves (a publish from reviewPublish: one call of
--   PL/pgSQL per publish, against a parse per autosave).
-- * the autosave's statements recorded a stage change ("Stage changed: a -> b", a system interaction) with an insert
--   in a CTE, whose plan (the insert, a join, a call of wizard_interactions_lock) was set up on every autosave though it
--   inserts only when the stage moves: about a tenth of PostgreSQL's CPU per autosave. Now a trigger records it, after
--   the update and only when the stage moved, in the same statement and under the same transcript lock (sql/001), for
--   every open session's change of stage, whichever statement makes it. A publish moves its session to reviewPublish
--   and closes it in one update: no record, as before (the event is the record).
drop trigger wizard_sessions_analytics_update on wizard_sessions;
create trigger wizard_sessions_analytics_update before update of current_stage, status on wizard_sessions
    for each row when (old.current_stage is distinct from new.current_stage or old.status is distinct from new.status)
    execute function analytics_session_changed();

-- As the caller (row security applies: a tenant records in its own organization only).
create function wizard_sessions_record_stage_change() returns trigger
language plpgsql volatile
as $$
begin
    perform wizard_interactions_lock(new.organization_id, new.session_id);
    insert into wizard_interactions (organization_id, session_id, role, stage, text)
    values (new.organization_id, new.session_id, 'system', new.current_stage,
            'Stage changed: ' || old.current_stage || ' -> ' || new.current_stage);
    return null;
end
$$;

create trigger wizard_sessions_stage_changed after update of current_stage on wizard_sessions
    for each row when (old.current_stage is distinct from new.current_stage and new.status = 'in_progress')
    execute function wizard_sessions_record_stage_change();
