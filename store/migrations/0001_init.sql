-- 0001: sources with fetch state, items, the outlets each item was seen in,
-- and topic matches. Times are INTEGER unix nanoseconds in UTC (NULL when
-- unknown); see store/timecodec.go. Append-only: never edit a released step,
-- add the next numbered file instead.

CREATE TABLE sources (
    id                 INTEGER PRIMARY KEY,
    url                TEXT    NOT NULL UNIQUE,
    name               TEXT    NOT NULL DEFAULT '',
    origin             TEXT    NOT NULL DEFAULT '',
    etag               TEXT    NOT NULL DEFAULT '',
    last_modified      TEXT    NOT NULL DEFAULT '',
    last_checked_at    INTEGER,
    last_success_at    INTEGER,
    next_check_at      INTEGER,
    consecutive_errors INTEGER NOT NULL DEFAULT 0,
    error_category     TEXT    NOT NULL DEFAULT '',
    last_error         TEXT    NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL
) STRICT;

-- The dispatcher asks "which sources are due?" (issue 3).
CREATE INDEX sources_next_check ON sources (next_check_at);

CREATE TABLE items (
    id            INTEGER PRIMARY KEY,
    key           TEXT    NOT NULL UNIQUE,
    guid          TEXT    NOT NULL DEFAULT '',
    link          TEXT    NOT NULL DEFAULT '',
    canonical_url TEXT    NOT NULL DEFAULT '',
    content_hash  TEXT    NOT NULL DEFAULT '', -- only for items without guid and canonical_url
    title         TEXT    NOT NULL DEFAULT '',
    summary       TEXT    NOT NULL DEFAULT '',
    content       TEXT    NOT NULL DEFAULT '',
    author        TEXT    NOT NULL DEFAULT '',
    categories    TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(categories)),
    published     INTEGER,
    updated       INTEGER,
    first_seen    INTEGER NOT NULL
) STRICT;

-- Partial indexes: most lookups are for a non-empty value, and empty values
-- would only bloat them. Queries repeat the WHERE term so the planner can use
-- them (a bound parameter alone does not prove the value is non-empty).
CREATE INDEX items_canonical_url ON items (canonical_url) WHERE canonical_url <> '';
-- Content hashes are looked up only among items that have nothing better to
-- be found by (no GUID, no canonical URL): rare, so this index stays tiny
-- instead of costing a random page write for every item stored.
CREATE INDEX items_content_hash ON items (content_hash)
    WHERE content_hash <> '' AND guid = '' AND canonical_url = '';
-- The publisher's order: newest first.
CREATE INDEX items_recent ON items (first_seen DESC, published DESC, key);

CREATE TABLE outlets (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    -- NULL for items that came from no fetched source (the seed corpus); a
    -- removed source keeps its outlets so "reported by" survives.
    source_id INTEGER REFERENCES sources (id) ON DELETE SET NULL,
    name      TEXT    NOT NULL DEFAULT '',
    link      TEXT    NOT NULL DEFAULT '',
    guid      TEXT    NOT NULL DEFAULT '',
    -- What this outlet last delivered (hash of its exact title, summary and
    -- content), so a publisher's edit is told apart from another outlet's
    -- wording of the same story.
    fingerprint TEXT  NOT NULL DEFAULT '',
    seen_at   INTEGER NOT NULL
) STRICT;

-- One row per (source, item); leads with source_id so it also serves the
-- foreign key when a source is deleted. NULL source ids are distinct here, so
-- unsourced outlets are kept unique by name below.
CREATE UNIQUE INDEX outlets_source_item ON outlets (source_id, item_id);
CREATE UNIQUE INDEX outlets_unsourced_item_name ON outlets (item_id, name) WHERE source_id IS NULL;
-- A publisher's GUID identifies one item within its source: dedup step 1.
CREATE UNIQUE INDEX outlets_source_guid ON outlets (source_id, guid) WHERE guid <> '';
CREATE INDEX outlets_item ON outlets (item_id);

CREATE TABLE matches (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    topic   TEXT    NOT NULL,
    terms   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(terms)),
    score   REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (item_id, topic)
) STRICT, WITHOUT ROWID;

CREATE INDEX matches_topic ON matches (topic, item_id);
