-- 0010: a match keeps the filters' explanation of its score (Match.Reason),
-- so the web page can say why an item is in a topic, not only which terms
-- fired.
ALTER TABLE matches ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- Forget which topics the stored matches agree with, so the next start
-- re-matches every item once and the matches stored before get their
-- reasons too.
DELETE FROM settings WHERE name = 'topics_fingerprint';
