-- 0003: stories (near-duplicate items from several outlets grouped into
-- one), the candidate index that finds them, merge explanations, and
-- tombstones that keep pruned items from coming back.

-- A story's id is the id of the item that opened it (its head), and its key
-- is that item's key, so an item published before stories existed keeps its
-- entry id. Stories never merge with each other, so the key never changes.
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY, -- = items.id of the head
    key        TEXT    NOT NULL, -- unique through items.key; never looked up
    first_seen INTEGER NOT NULL,
    published  INTEGER,
    last_seen  INTEGER NOT NULL     -- newest member's first_seen: retention
) STRICT;

-- The publisher's order, like items_recent.
CREATE INDEX stories_recent ON stories (first_seen DESC, published DESC, key);
CREATE INDEX stories_last_seen ON stories (last_seen);

-- Every item belongs to one story. NULL never stays: SaveFetch sets it.
ALTER TABLE items ADD COLUMN story_id INTEGER;
INSERT INTO stories (id, key, first_seen, published, last_seen)
    SELECT id, key, first_seen, published, first_seen FROM items;
UPDATE items SET story_id = id;
CREATE INDEX items_story ON items (story_id);

-- Why this outlet's copy was merged into the item or story ('' for the
-- copy that opened the story), and the similarity of a near-duplicate.
ALTER TABLE outlets ADD COLUMN merge_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE outlets ADD COLUMN similarity REAL NOT NULL DEFAULT 0;

-- Locality-sensitive keys (package cluster) of recent items: an item is
-- compared only with the items of the window that share a key. Rows older
-- than the window are pruned by time, hence the second index.
CREATE TABLE story_bands (
    band    INTEGER NOT NULL,
    seen    INTEGER NOT NULL,   -- the item's first_seen
    item_id INTEGER NOT NULL,
    PRIMARY KEY (band, seen, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX story_bands_seen ON story_bands (seen);

-- Dedup identities of pruned items ("url:", "guid:", "hash:" identities,
-- as store keys), so a feed that still lists an old item cannot bring it
-- back as new.
CREATE TABLE tombstones (
    ident     TEXT    PRIMARY KEY,
    pruned_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
