-- Analytics benchmark fixture, run by bench/analytics.sh as the superuser on a migrated database with
-- session_replication_role = replica (no trigger fires: neither the analytics triggers nor the foreign key checks), so
-- the rollups are then written by analytics_backfill() (sql/003_analytics.sql), the migration's own statement.
-- psql variables: sessions, interactions (all in organization 1, 00000000-0000-4000-8000-000000000001), days (the
-- sessions' creation times spread over the last `days` days).
-- Sessions: 10% expired, 5% abandoned, 5% completed (published 1 minute to 3 hours after creation), 80% in progress,
-- each at a stage (furthest one stage further for a fifth of them: they moved back). Interactions: each on a random
-- session, within 2 hours of its creation; 45% user turns (one in ten with a CSAT rating), 45% assistant turns (four
-- models, latency 200 ms to 20 s, tokens), 10% system; their ids ascend with the row number, so the primary key (kept
-- while bench/analytics.sh loads) is appended to rather than written at random places. One failed publish per 200
-- sessions, by one of four codes.
\set ON_ERROR_STOP on
select now() as base \gset

create temporary table analytics_plan as
select i,
       'an-' || lpad(i::text, 7, '0') as session_id,
       timestamptz :'base' - ((hashint4(i + 11) & 2147483647) % (:days * 86400)) * interval '1 second' as created_at,
       case when (hashint4(i) & 2147483647) % 100 < 10 then 'expired'
            when (hashint4(i) & 2147483647) % 100 < 15 then 'abandoned'
            when (hashint4(i) & 2147483647) % 100 < 20 then 'completed'
            else 'in_progress' end as status,
       1 + (hashint4(i + 3) & 2147483647) % 5 as stage
from generate_series(1, :sessions) as i;

insert into wizard_sessions (organization_id, session_id, user_id, current_stage, furthest_stage, is_active, status,
                             created_at, updated_at, expires_at)
select '00000000-0000-4000-8000-000000000001', session_id, '00000000-0000-4000-9000-000000000001',
       case when status = 'completed' then 'reviewPublish'
            else (array['organizerSetup', 'eventSetup', 'ticketSetup', 'venueSetup', 'paymentSetup'])[stage] end,
       case when status = 'completed' then 6 when i % 5 = 0 then stage + 1 else stage end,
       status = 'in_progress', status,
       created_at, created_at + ((hashint4(i + 5) & 2147483647) % 10800 + 60) * interval '1 second',
       greatest(created_at + interval '7 days', timestamptz :'base' + interval '1 day')
from analytics_plan;

insert into wizard_interactions (id, organization_id, session_id, role, stage, text, tokens_used, model, latency_ms,
                                 csat_smallint, created_at, expires_at)
select ('00000000-0000-4000-a000-' || lpad(to_hex(x.i), 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001', p.session_id, role,
       (array['organizerSetup', 'eventSetup', 'ticketSetup', 'venueSetup', 'paymentSetup'])[1 + r % 5],
       'A turn of the benchmark', case when role = 'assistant' then 50 + r % 1500 end,
       case when role = 'assistant' or csat is not null then (array['gpt-4o', 'gpt-4o-mini', 'claude-sonnet', 'llama-70b'])[1 + r % 4] end,
       case when role = 'assistant' then (200 * exp((r % 1000) / 1000.0 * ln(100)))::int end,
       csat, p.created_at + (r % 7200) * interval '1 second', p.created_at + interval '30 days'
from (select i, hashint4(i) & 2147483647 as r,
             case when (hashint4(i + 1) & 2147483647) % 100 < 45 then 'user'
                  when (hashint4(i + 1) & 2147483647) % 100 < 90 then 'assistant' else 'system' end as role,
             case when (hashint4(i + 1) & 2147483647) % 100 < 45 and i % 10 = 0 then 1 + (hashint4(i + 2) & 2147483647) % 5 end as csat,
             1 + (hashint4(i + 9) & 2147483647) % :sessions as session_number
      from generate_series(1, :interactions) i) x
join analytics_plan p on p.i = x.session_number;

insert into wizard_actions (organization_id, user_id, session_id, name, idempotency_key, key_from_client, request_fingerprint,
                            status, error_message, created_at, updated_at)
select '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-9000-000000000001', session_id, 'publishEvent',
       'publish:' || session_id, false, 'fingerprint', 'failed',
       (array['session_incomplete: eventSetup.date', 'stripe_account_not_ready', 'stripe_error: timeout', 'internal_error (TimeoutException)'])[1 + i % 4],
       created_at + interval '10 minutes', created_at + interval '10 minutes'
from analytics_plan where i % 200 = 0;

drop table analytics_plan;
