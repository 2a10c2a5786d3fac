-- Cleanup benchmark fixture, run as the schema owner on a migrated database (every index of sql/ in
-- place, as in production). 500,000 sessions over 1,000 organizations: a quarter expired long ago
-- (closed 200..400 days ago), the rest last changed at times spread over the last 200 days: 1 in 20
-- completed (with its published event), 1 in 20 abandoned, the others in progress with the sliding
-- 7-day expiry. 4 interactions per session (2,000,000), created before the session's last change and
-- expiring 30 days after creation (the column default). Actions: the publish of each completed
-- session, some failed attempts, and 750 left in progress by a dead worker. Rows are inserted in time
-- order, as they arrive in production; organizations are interleaved.
\set ON_ERROR_STOP on
\timing on

create temporary table bench_plan as
select i,
       ('00000000-0000-4000-8000-' || lpad(to_hex(i % 1000), 12, '0'))::uuid as org,
       'bench-' || lpad(i::text, 7, '0') as session_id,
       case when i % 4 = 0 then 'expired'
            when (i / 4) % 20 = 0 then 'completed'
            when (i / 4) % 20 = 1 then 'abandoned'
            else 'in_progress' end as status,
       case when i % 4 = 0 then now() - interval '200 days' - ((i::bigint * 7919) % (200 * 86400)) * interval '1 second'
            else now() - ((i::bigint * 7919) % (200 * 86400)) * interval '1 second' end as updated_at
from generate_series(1, 500000) as i;

insert into events (id, organization_id, user_id, source_session_id, title, slug, type, event_date, start_time,
                    venue_mode, ticket_tiers, total_capacity, status, published_at, created_at, updated_at)
select md5('event-' || i)::uuid, org, md5('user-' || (i % 5000))::uuid, session_id, 'Bench event ' || i,
       'bench-event-' || i, 'popup', (updated_at + interval '30 days')::date, time '18:00',
       'physical', '[{"name": "General", "price": 25, "currency": "USD", "quantity": 100}]', 100, 'published',
       updated_at, updated_at, updated_at
from bench_plan
where status = 'completed';

insert into wizard_sessions (organization_id, session_id, user_id, current_stage, is_active,
                             organizer_data, event_data, status, event_id, version, created_at, updated_at, expires_at)
select org, session_id, md5('user-' || (i % 5000))::uuid,
       case when status = 'completed' then 'reviewPublish' else 'eventSetup' end,
       status = 'in_progress',
       jsonb_build_object('name', 'Organizer ' || (i % 1000), 'email', 'org' || (i % 1000) || '@example.com'),
       jsonb_build_object('title', 'Bench event ' || i, 'type', 'popup', 'date', (updated_at + interval '30 days')::date,
                          'startTime', '18:00', 'timezone', 'America/New_York'),
       status,
       case when status = 'completed' then md5('event-' || i)::uuid end,
       1 + i % 12,
       updated_at - interval '2 hours', updated_at,
       case when status = 'in_progress' then updated_at + interval '7 days' else updated_at end
from bench_plan
order by bench_plan.updated_at;

insert into wizard_interactions (organization_id, session_id, role, stage, text, tokens_used, model, latency_ms,
                                 created_at, expires_at)
select p.org, p.session_id, case when k % 2 = 1 then 'user' else 'assistant' end, 'eventSetup',
       case when k % 2 = 1 then 'We are planning a spring popup for about 100 guests in Brooklyn, evening, with a DJ and drinks. Session ' || p.i
            else 'Great! I set the event type to popup and the date to the first Saturday of May. What time should doors open, and is the venue booked yet?' end,
       120 + k * 10, 'gpt-4o-mini', 800 + k * 50,
       p.updated_at - (4 - k) * interval '10 minutes',
       p.updated_at - (4 - k) * interval '10 minutes' + interval '30 days'
from bench_plan p
cross join generate_series(1, 4) as k
order by p.updated_at, k;

insert into wizard_actions (organization_id, user_id, session_id, name, idempotency_key, request_fingerprint, status, payload,
                            result, error_message, execution_time_ms, created_at, updated_at)
select org, md5('user-' || i)::uuid, session_id, 'publish', 'publish:' || session_id, md5(session_id),
       case when status = 'completed' then 'completed'::action_status
            when i % 500 = 3 then 'in_progress'::action_status
            else 'failed'::action_status end,
       '{}', case when status = 'completed' then jsonb_build_object('eventId', md5('event-' || i)::uuid) end,
       case when status <> 'completed' and i % 500 <> 3 then 'ticket: tiers is required' end,
       40 + i % 200,
       case when i % 500 = 3 then now() - interval '1 hour' - (i % 2000) * interval '1 minute' else updated_at end,
       case when i % 500 = 3 then now() - interval '1 hour' - (i % 2000) * interval '1 minute' else updated_at end
from bench_plan
where status = 'completed' or i % 10 = 1 or i % 500 = 3;

drop table bench_plan;
-- As autovacuum would have done long ago on tables of this age.
vacuum (analyze) events, wizard_sessions, wizard_interactions, wizard_actions;

select status, count(*) from wizard_sessions group by status order by status;
select (select count(*) from wizard_interactions) as interactions, (select count(*) from wizard_actions) as actions,
       (select count(*) from wizard_actions where status = 'in_progress') as actions_in_progress,
       (select count(*) from events) as events,
       pg_size_pretty(pg_database_size(current_database())) as database_size;
