-- New events, actions and interactions get time-ordered ids (UUIDv7, RFC 9562): 48 bits of Unix time in milliseconds,
-- then random bits. A random uuid (gen_random_uuid) puts each insert on a random leaf of the id's indexes
-- (events_pkey and events_org_id_key, wizard_actions_pkey, wizard_interactions_pkey): at 200,000 events or 5,000,000
-- interactions each insert tends to touch a page nothing has touched since the last checkpoint, which costs a
-- full-page image in the WAL its commit must flush. Time-ordered, new ids go to the right-hand edge of those indexes,
-- where the last insert already was: on bench/scale.sh's large database a publish after a checkpoint wrote 18.7 kB of
-- WAL, 12.8 kB of it full-page images, with random ids, and 6.9 kB, 0.8 kB of it images, with these (docs/scaling.md).
-- The ids stay uuids in every answer; their order reveals no more than the created_at beside them. Existing ids stay
-- as they are.
-- PostgreSQL 15 has no uuidv7(): the time goes over the first 6 bytes of a random uuid, and the version nibble
-- becomes 7 (set_bit numbers bits from the least significant of each byte: 52 and 53 are bits 4 and 5 of byte 6,
-- turning version 0100 into 0111); the variant bits of gen_random_uuid (10) are already RFC 9562's.
create function uuid_time_ordered() returns uuid
language sql volatile parallel safe
as $$
    select encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                    from 1 for 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;
grant execute on function uuid_time_ordered() to event_wizard_runtime;

alter table events alter column id set default uuid_time_ordered();
alter table wizard_actions alter column id set default uuid_time_ordered();
alter table wizard_interactions alter column id set default uuid_time_ordered();
