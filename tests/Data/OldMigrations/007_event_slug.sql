-- The slug as one SQL expression, event_slug(title), that a statement can name itself: publishing's insert does,
-- and the trigger only fills in slugs an insert leaves out. Through the trigger every publish paid for a
-- PL/pgSQL call, a SECURITY DEFINER switch, a uniqueness probe and a re-planned slugify() per transaction:
-- about a tenth of PostgreSQL's CPU per publish. A random suffix colliding (8 hex characters on the same base)
-- is left to the unique constraint events_slug_key; the publisher re-runs its whole transaction then.

-- STABLE, not IMMUTABLE: unaccent() is STABLE, and PostgreSQL inlines a SQL function only when its body is no
-- more volatile than it is declared. Inlined, slugify() is planned once with the statement, not once per call.
alter function slugify(text) stable;

-- VOLATILE for the random suffix; still inlined, with slugify() in it, into the statement that names it.
create function event_slug(title text) returns text
language sql volatile
as $$
    select rtrim(left(slugify(title), 240), '-') || '-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 8)
$$;
grant execute on function event_slug(text) to event_wizard_runtime;

create or replace function generate_event_slug() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    candidate text;
begin
    loop
        candidate := event_slug(new.title);
        exit when not exists (select 1 from events where slug = candidate);
    end loop;
    new.slug := candidate;
    return new;
end
$$;

drop trigger events_generate_slug on events;
create trigger events_generate_slug before insert on events for each row when (new.slug is null)
    execute function generate_event_slug();
