-- A slug base cut at 240 characters could end in a dash ('aaa…a-bbb' cut right after the dash), giving
-- 'aaa…a--1a2b3c4d'. Trim dashes after the cut, so the slug keeps the shape ^[a-z0-9]+(-[a-z0-9]+)*$.
create or replace function generate_event_slug() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    base text := rtrim(left(slugify(new.title), 240), '-');
    candidate text;
begin
    if new.slug is not null then
        return new;
    end if;
    loop
        candidate := base || '-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 8);
        exit when not exists (select 1 from events where slug = candidate);
    end loop;
    new.slug := candidate;
    return new;
end
$$;
