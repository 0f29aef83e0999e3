-- 0011: seed corpus items name their publisher as outlet.
-- Seed corpus articles were stored under the outlet name "seed corpus";
-- they now carry their publisher's name from the corpus sidecar. Rename the
-- stored outlet of each corpus article, so the next start does not list the
-- article's publisher as a second outlet next to "seed corpus".
UPDATE outlets SET name = 'Voice of America'
WHERE source_id IS NULL AND name = 'seed corpus'
    AND item_id IN (SELECT id FROM items WHERE guid = 'seed:voa-cambodia-watch-list-2015');
