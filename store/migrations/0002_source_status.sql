-- 0002: a source's status (issue 3). '' is active; 'gone' after a 410 (kept,
-- shown, polled at the maximum interval); 'removed' after `tipwire sources
-- remove` (kept so its items keep their outlet, never polled). Rows are never
-- deleted: an outlet's source_id would turn NULL and could collide with the
-- unsourced outlets' unique index.
ALTER TABLE sources ADD COLUMN status TEXT NOT NULL DEFAULT ''
    CHECK (status IN ('', 'gone', 'removed'));
