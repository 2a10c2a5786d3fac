-- Sessions-list benchmark fixture, run as the schema owner on a migrated database by bench/lists.sh, with psql
-- variables sessions (all rows), org_sessions (how many of them belong to organization 1, the one the benchmark
-- lists), other_orgs and users (per organization). Organization N is 00000000-0000-4000-8000-<N as 12 digits>,
-- user N 00000000-0000-4000-9000-<N as 12 digits>, as bench/sessions_bench.py signs them; organization 1's rows
-- are spread evenly through the others, as they would arrive.
-- Statuses (a hash of the row number): 10% expired, 5% abandoned, 5% completed, 80% in progress. Open sessions
-- were last changed within the last 8 days with the 7-day sliding expiry, so about one in eight has lapsed and
-- is not yet marked expired by the nightly job (the list's second range for status=expired); closed ones within
-- the last 90 days. Payloads are filled up to the stage a session is at, with the test fixture's values.
-- With psql variables part and parts (0 and 1 unless given), this run inserts only the rows whose number is part modulo
-- parts, so that parts runs on as many connections load the sessions together (bench/lib.sh's bench_psql_load_parts).
\set ON_ERROR_STOP on
\if :{?parts}
\else
\set parts 1
\set part 0
\endif

-- The rows reach the table in the order of updated_at, as they would arrive. The subquery below sorts the plan's
-- narrow rows (in memory: 125 MB at 1,000,000 sessions) before the payloads are built; sorting the finished rows
-- spilled 514 MB to disk, and the load took about 30 s instead of 27.
set work_mem = '256MB';
create temporary table lists_plan as
select i,
       case when (i::bigint * :org_sessions) / :sessions > ((i - 1)::bigint * :org_sessions) / :sessions
            then '00000000-0000-4000-8000-000000000001'::uuid
            else ('00000000-0000-4000-8000-' || lpad((2 + i % :other_orgs)::text, 12, '0'))::uuid end as org,
       ('00000000-0000-4000-9000-' || lpad((1 + (hashint4(i + 7) & 2147483647) % :users)::text, 12, '0'))::uuid as user_id,
       case when (hashint4(i) & 2147483647) % 100 < 10 then 'expired'
            when (hashint4(i) & 2147483647) % 100 < 15 then 'abandoned'
            when (hashint4(i) & 2147483647) % 100 < 20 then 'completed'
            else 'in_progress' end as status,
       (hashint4(i + 3) & 2147483647) % 5 as stage_index,
       hashint4(i + 11) & 2147483647 as spread
from generate_series(1, :sessions) as i
where i % :parts = :part;

insert into wizard_sessions (organization_id, session_id, user_id, current_stage, is_active, status, version,
                             organizer_data, event_data, ticket_data, venue_data, payment_data,
                             created_at, updated_at, expires_at)
select org, 'lists-' || lpad(i::text, 7, '0'), user_id,
       case when status = 'completed' then 'reviewPublish'
            else (array['organizerSetup', 'eventSetup', 'ticketSetup', 'venueSetup', 'paymentSetup'])[stage_index + 1] end,
       status = 'in_progress', status, 1 + i % 12,
       '{"name": "Atelier Nord", "email": "hello@atelier-nord.example"}'::jsonb,
       case when stage_index >= 1 or status = 'completed' then jsonb_build_object(
           'title', 'Autumn Runway ' || i, 'type', 'fashion_show', 'date', (updated_at + interval '30 days')::date,
           'startTime', '18:30', 'endTime', '21:00', 'description', 'The autumn collection.') else '{}'::jsonb end,
       case when stage_index >= 2 or status = 'completed' then
           '{"tiers": [{"name": "General", "price": 0, "quantity": 100}, {"name": "Front row", "price": 0, "currency": "EUR", "quantity": 20}], "totalCapacity": 120}'::jsonb
           else '{}'::jsonb end,
       case when stage_index >= 3 or status = 'completed' then
           '{"mode": "physical", "name": "Hall 4", "address": {"line1": "1 Dock Street", "city": "Brooklyn", "country": "US"}}'::jsonb
           else '{}'::jsonb end,
       case when stage_index >= 4 or status = 'completed' then '{"enabled": false}'::jsonb else '{}'::jsonb end,
       updated_at - interval '2 hours', updated_at,
       case when status = 'in_progress' then updated_at + interval '7 days' else updated_at end
from (select p.*, now() - case when status = 'in_progress' then spread % (8 * 86400) else spread % (90 * 86400) end
                             * interval '1 second' as updated_at
      from lists_plan p
      order by updated_at) as planned;

drop table lists_plan;
reset work_mem;

-- The counts, when this run loaded everything (a part would print the others' rows half loaded).
select :parts = 1 as whole \gset
\if :whole
select count(*) as sessions,
       count(*) filter (where organization_id = '00000000-0000-4000-8000-000000000001') as in_organization_1,
       count(*) filter (where organization_id = '00000000-0000-4000-8000-000000000001' and status = 'in_progress'
                          and expires_at > now()) as organization_1_open,
       count(*) filter (where organization_id = '00000000-0000-4000-8000-000000000001' and status = 'in_progress'
                          and expires_at > now() and user_id = '00000000-0000-4000-9000-000000000001') as organization_1_user_1_open,
       count(*) filter (where organization_id = '00000000-0000-4000-8000-000000000001'
                          and (status = 'expired' or (status = 'in_progress' and expires_at <= now()))) as organization_1_expired,
       pg_size_pretty(pg_total_relation_size('wizard_sessions')) as table_size
from wizard_sessions;
\endif
