-- 0009: candidate keys move to memory (issues 3 and 4).

-- A new item's candidates now come from an index the store builds in
-- memory from story_docs (store/storyindex.go): the table's lookups and
-- its two B-trees of random keys were half of the cost of saving a new
-- item, and grew with the database. Items of the story window saved before
-- 0008 have no story_docs row; the store gives them one when it builds the
-- index.
DROP TABLE story_bands;
