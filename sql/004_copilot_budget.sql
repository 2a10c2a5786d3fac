-- The copilot's daily token budget per organization (POST /api/wizard-session/{sessionId}/copilot, docs/copilot.md).
-- One row per organization and UTC day. A turn first reserves tokens (at most what is left of the budget) and, when
-- the model has answered, replaces the reservation by the tokens the model reported, capped at the budget; so two
-- concurrent turns cannot both spend the last of it, and the day's spend never exceeds the budget. Rows of past days
-- are small (one per organization and day) and stay as the record of spend.
create table copilot_token_spend (
    organization_id uuid not null,
    day             date not null,
    tokens_used     bigint not null default 0 check (tokens_used >= 0),
    updated_at      timestamptz not null default now(),
    constraint copilot_token_spend_pkey primary key (organization_id, day)
);

create trigger copilot_token_spend_updated_at before update on copilot_token_spend
    for each row execute function set_updated_at();

alter table copilot_token_spend enable row level security;
alter table copilot_token_spend force row level security;

create policy tenant_isolation on copilot_token_spend
    using (organization_id = (select app_current_org())) with check (organization_id = (select app_current_org()));
create policy maintenance_by_owner on copilot_token_spend using ((select app_is_schema_owner()));

grant select, insert, update on copilot_token_spend to event_wizard_runtime;
