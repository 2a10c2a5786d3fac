-- The expired list's second range: an organization's open sessions whose expires_at has passed (not yet marked
-- by the nightly job). Through wizard_sessions_org_status_updated_idx that range is found only after walking every
-- open session newer than the oldest lapsed one (835 ms p50 at 210,000 open sessions, bench/lists.sh); here it is
-- one range of the organization's lapsed rows.
create index wizard_sessions_org_lapsed_idx on wizard_sessions (organization_id, expires_at) where status = 'in_progress';
