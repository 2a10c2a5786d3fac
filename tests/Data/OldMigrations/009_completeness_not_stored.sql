-- Completeness has one judge, the stage rules over the payloads (C#), run on every read: a stored verdict went
-- stale when the clock passed an event's date, and two judges could disagree.
alter table wizard_sessions drop column completed_stages;
