-- Small facts behind the console's charts, kept without anything a tenant wrote and without a conversation id:
-- what happened (kind), where (property), in which language, how it was answered or why staff were called
-- (detail: an enum-like value from Porter's own code), and one number (reply latency or time to first staff
-- reply in ms, a CSAT score). The time is kept to the hour only, and the day is the appliance's local day.
CREATE TABLE analytics_events (
    day          TEXT    NOT NULL,
    hour         TEXT    NOT NULL,
    property_id  TEXT,
    kind         TEXT    NOT NULL,
    language     TEXT,
    detail       TEXT,
    value        INTEGER
);
-- Reports read timings (for percentiles) by kind and day from this index alone.
CREATE INDEX analytics_events_timings ON analytics_events (kind, day, property_id, value);
-- The same events counted per day, kept up to date in the transaction that stores them: a report reads a few
-- hundred rows a day here instead of every event ('' stands for none, so the key is unique).
CREATE TABLE analytics_daily (
    day          TEXT    NOT NULL,
    property_id  TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    language     TEXT    NOT NULL,
    detail       TEXT    NOT NULL,
    events       INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    PRIMARY KEY (day, property_id, kind, language, detail)
) WITHOUT ROWID
