-- wizard_sessions is vacuumed once 1,000 row versions are dead, whatever its size, instead of once 50 + 20% of its rows
-- are (PostgreSQL's default). Every autosave leaves a dead version behind (a non-HOT update: updated_at and expires_at
-- are indexed). With the default, a table of 3,000 sessions was vacuumed every minute under autosave load and one of
-- 1,000,000 not before 200,000 dead versions: the sessions being typed into piled up dead versions and index entries
-- that every autosave and read of them stepped over, and the autosave's p99 at 1,000,000 sessions was 1.26-1.28 x the
-- small database's in bench/scale.sh; with this threshold in both, 1.00 (docs/scaling.md, "At scale"). A vacuum of
-- a large table stays cheap: it visits only the pages the visibility map does not mark all-visible, and skips the index
-- pass when few pages hold dead rows.
alter table wizard_sessions set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
