-- 0007: the alert outbox (issue 6). A story is queued once per channel
-- (UNIQUE channel, story_key), so it alerts once however many outlets report
-- it later; pending deliveries survive a restart and are retried with
-- backoff until the receiver takes them. Times are unix nanoseconds, UTC.

CREATE TABLE alert_outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL,
    story_key       TEXT    NOT NULL,
    route           TEXT    NOT NULL DEFAULT '',
    digest          INTEGER NOT NULL DEFAULT 0,
    payload         TEXT    NOT NULL CHECK (json_valid(payload)),
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    delivered_at    INTEGER,
    last_error      TEXT    NOT NULL DEFAULT '',
    UNIQUE (channel, story_key)
) STRICT;

-- The dispatcher asks "what is due?" among the pending deliveries only.
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- The delivery log: every attempt, delivered or not.
CREATE TABLE alert_log (
    id           INTEGER PRIMARY KEY,
    outbox_id    INTEGER NOT NULL REFERENCES alert_outbox (id) ON DELETE CASCADE,
    attempted_at INTEGER NOT NULL,
    error        TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX alert_log_outbox ON alert_log (outbox_id);

-- Small named values of the alerting: the watermark (first_seen of the
-- newest story already considered for alerts).
CREATE TABLE alert_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
