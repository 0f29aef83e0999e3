-- 0014: candidate keys (package cluster, Signature.Keys) back in SQL, for
-- the items that match a topic only: a new matched item is compared with
-- the recent items that share a key with it. Rows older than the story
-- window are pruned by time, hence the second index.
CREATE TABLE story_keys (
    key     INTEGER NOT NULL,
    seen    INTEGER NOT NULL,   -- the item's first_seen
    item_id INTEGER NOT NULL,
    PRIMARY KEY (key, seen, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX story_keys_seen ON story_keys (seen);

-- Reduced texts were kept for every item; the re-match that migration 0013
-- asks for keeps them again, with their keys, for the matched items of the
-- story window.
DELETE FROM story_docs;
