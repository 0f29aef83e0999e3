-- 0004: what the stored matches were computed with. One row per setting;
-- "topics_fingerprint" is a hash of the compiled topics (and the filters'
-- vocabulary and seed profile), so a start with changed topics re-matches
-- every stored item instead of leaving old verdicts in place.

CREATE TABLE settings (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
