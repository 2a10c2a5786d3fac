-- Scale benchmark fixture, run as the schema owner by bench/scale.sh after bench/lists-fixture.sql (the sessions):
-- psql variables sessions (as given to lists-fixture.sql), interactions (transcript rows, spread over those sessions,
-- 5,000,000 by default), events (published events, 200,000) and share (the fraction of the events that belong to
-- organization 1, as its share of sessions).
-- Interactions: alternating user/assistant turns of a sentence each, created within the session's last day of
-- work; one in twenty is a CSAT rating. Their ids ascend with the row number. Events: published, dated over the next
-- 300 days, unique slugs. bench/scale.sh makes the tables' keys and indexes after this has run (bench_restore_keys).
-- With psql variables part and parts (0 and 1 unless given), this run inserts only the interactions whose number is
-- part modulo parts, and the events only in part 0 (bench/lib.sh's bench_psql_load_parts).
\set ON_ERROR_STOP on
\if :{?parts}
\else
\set parts 1
\set part 0
\endif

-- The rows reach the table in generate_series order through a hash join held in memory. On a database with no
-- statistics yet (the sessions loaded but not analyzed) the planner chose a merge join instead, which sorted the rows
-- by session_id (and, while the primary key was kept during the load, wrote its entries at random places): 58 s at
-- full size on 2 cores against 38 s. This makes the hash join the plan whatever the statistics say.
set work_mem = '512MB';
set enable_mergejoin = off;
insert into wizard_interactions (id, organization_id, session_id, role, stage, text, tokens_used, model, latency_ms,
                                 csat_smallint, created_at, expires_at)
select ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid, s.organization_id, s.session_id,
       case when g % 2 = 0 then 'user' else 'assistant' end,
       s.current_stage,
       'Turn ' || g || ' of the conversation about the event.',
       case when g % 2 = 1 then 100 + g % 400 end,
       case when g % 2 = 1 then (array['gpt-4o', 'gpt-4o-mini'])[1 + (g / 2) % 2] end,
       case when g % 2 = 1 then 300 + g % 2000 end,
       case when g % 20 = 0 then 1 + g % 5 end,
       s.updated_at - (g % 1440) * interval '1 minute',
       s.updated_at - (g % 1440) * interval '1 minute' + interval '30 days'
from generate_series(1 + :part, :interactions, :parts) as g
join wizard_sessions s on s.session_id = 'lists-' || lpad((1 + (hashint4(g) & 2147483647) % :sessions)::text, 7, '0');

reset work_mem;
reset enable_mergejoin;

insert into events (organization_id, user_id, source_session_id, title, slug, type, description, event_date, start_time,
                    end_time, venue_mode, venue_data, ticket_tiers, total_capacity, status, published_at, published_by,
                    created_at)
select org, user_id, 'scale-event-' || i, 'Scale Event ' || i, 'scale-event-' || i, 'fashion_show', 'The autumn collection.',
       current_date + i % 300, '18:00', '21:00', 'physical',
       '{"name": "Hall 4", "address": {"line1": "1 Dock Street", "city": "Brooklyn", "country": "US"}}',
       '[{"name": "General", "price": 0, "quantity": 100}]', 100, 'published', created, user_id, created
from (select i,
             case when (i::bigint * (:share * 1000)::int) / 1000 > ((i - 1)::bigint * (:share * 1000)::int) / 1000
                  then '00000000-0000-4000-8000-000000000001'::uuid
                  else ('00000000-0000-4000-8000-' || lpad((2 + i % 999)::text, 12, '0'))::uuid end as org,
             ('00000000-0000-4000-9000-' || lpad((1 + i % 10)::text, 12, '0'))::uuid as user_id,
             now() - (i % (90 * 86400)) * interval '1 second' as created
      from generate_series(1, :events) as i
      where :part = 0) as planned;

-- The counts, when this run loaded everything (a part would print the others' rows half loaded).
select :parts = 1 as whole \gset
\if :whole
select (select count(*) from wizard_interactions) as interactions,
       (select count(*) from events) as events,
       (select count(*) from events where organization_id = '00000000-0000-4000-8000-000000000001') as events_in_organization_1,
       pg_size_pretty(pg_total_relation_size('wizard_interactions')) as interactions_size;
\endif
