-- 0015: claimed deliveries, per-attempt times, and when a story first
-- matched.

-- A dispatcher claims a delivery before sending it: claimed_by names the
-- claim (unique per claim, not per process) and claim_expires_at ends it,
-- so a claim of a killed process lapses and the delivery is sent again.
-- A delivery is marked delivered or failed only under the claim that sent
-- it. Several processes sharing one database deliver each alert once.
ALTER TABLE alert_outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_outbox ADD COLUMN claim_expires_at INTEGER;

-- A channel's worker asks "what is due for my channel?".
CREATE INDEX alert_outbox_channel_due ON alert_outbox (channel, next_attempt_at)
    WHERE delivered_at IS NULL;

-- attempted_at is when the attempt began; finished_at when its outcome was
-- known (NULL for attempts logged before this step).
ALTER TABLE alert_log ADD COLUMN finished_at INTEGER;

-- The first time the notifier saw a story matched: a story appearing here
-- for the first time is new in the published feeds (WebSub hubs are pinged
-- for it). Rows are forgotten once their story can no longer be new.
CREATE TABLE alert_stories (
    story_key        TEXT    PRIMARY KEY,
    first_matched_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX alert_stories_matched ON alert_stories (first_matched_at);

-- Alerts no longer follow a first-seen watermark.
DELETE FROM alert_state WHERE key = 'watermark';
