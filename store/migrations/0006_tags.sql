-- 0006: tags (issue 6): the countries an item is about (upper-case ISO
-- 3166-1 alpha-2 codes) and its exploitation and event types (lower case),
-- computed before storing (package tags). A story's tags are those of all
-- its items. Items stored before this step have none until they are stored
-- again.

CREATE TABLE tags (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    tag     TEXT    NOT NULL,
    PRIMARY KEY (item_id, tag)
) STRICT, WITHOUT ROWID;

-- Per-country feeds and the country index ask "which items carry tag X?".
CREATE INDEX tags_tag ON tags (tag, item_id);
