-- 0005: full-text search over the items' title, summary and content (FTS5,
-- issue 7). An external-content table: the text lives once, in items, and
-- triggers keep the index in step with every insert, update and delete.
-- unicode61 with remove_diacritics 2 lets "traite" find "traité".

CREATE VIRTUAL TABLE items_fts USING fts5(
    title, summary, content,
    content = 'items', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, title, summary, content)
    VALUES (new.id, new.title, new.summary, new.content);
END;

CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary, content)
    VALUES ('delete', old.id, old.title, old.summary, old.content);
END;

-- Only a change of indexed text touches the index; dates and links do not.
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary, content ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary, content)
    VALUES ('delete', old.id, old.title, old.summary, old.content);
    INSERT INTO items_fts (rowid, title, summary, content)
    VALUES (new.id, new.title, new.summary, new.content);
END;

-- Index what earlier versions stored.
INSERT INTO items_fts (items_fts) VALUES ('rebuild');
