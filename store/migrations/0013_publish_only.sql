-- 0013: only items that match a topic are searchable, and the index holds
-- their plain text, not their markup. The table keeps no copy of the text
-- (contentless) and its rows are deleted by rowid (contentless_delete), so
-- the store adds an item when it comes to match and removes it when it
-- stops matching. Columns: the title, and the summary and content as text.

DROP TRIGGER items_fts_delete;
DROP TRIGGER items_fts_update;
DROP TABLE items_fts;

CREATE VIRTUAL TABLE items_fts USING fts5(
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Items that match nothing are no longer placed in a story: story_id stays
-- NULL until they come to match, and they need no entry in items_story.
-- Stories, not items, are listed newest first (stories_day_order): items
-- only need their first-seen time indexed, for retention and statistics.
DROP INDEX items_story;
CREATE INDEX items_story ON items (story_id) WHERE story_id IS NOT NULL;
DROP INDEX items_recent;
CREATE INDEX items_seen ON items (first_seen);

-- Forget which topics the stored matches agree with, so the next start
-- re-matches every item and indexes the text of those that match.
DELETE FROM settings WHERE name = 'topics_fingerprint';
