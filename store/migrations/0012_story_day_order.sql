-- 0012: stories are listed by the UTC day tipwire first saw them, newest
-- day first, and within a day by publication date, newest first (undated
-- stories by first seen), then key. An old report found today is listed
-- with today's finds, below the news published today, instead of above it.
-- The expressions must stay identical to the ORDER BY of queryItems for
-- SQLite to walk this index instead of sorting every match.
CREATE INDEX IF NOT EXISTS stories_day_order ON stories (
    first_seen / 86400000000000 DESC,
    coalesce(published, first_seen) DESC,
    key
);
DROP INDEX IF EXISTS stories_recent;
