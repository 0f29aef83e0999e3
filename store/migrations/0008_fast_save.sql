-- 0008: a cheaper save path (issues 3 and 4).

-- The save path indexes a batch's new items in one statement at the end
-- instead. Inside a transaction FTS5 flushes its pending terms at every
-- statement savepoint, so the per-row trigger wrote one tiny index segment
-- per item and then paid to merge them. Deletes and text updates keep
-- their triggers: they are rare.
DROP TRIGGER items_fts_insert;

-- The reduced text (package cluster, Doc.Encode) of recent items, so a new
-- item is compared with its candidates without reducing their text again.
-- Like story_bands, rows older than the story window are pruned by time;
-- an item without a row (saved before this step) is reduced from its text.
CREATE TABLE story_docs (
    item_id  INTEGER PRIMARY KEY,
    seen     INTEGER NOT NULL,  -- the item's first_seen
    story_id INTEGER NOT NULL,  -- the item's story, which never changes
    doc      TEXT    NOT NULL
) STRICT;
CREATE INDEX story_docs_seen ON story_docs (seen);
