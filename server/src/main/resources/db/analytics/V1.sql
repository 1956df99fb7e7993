-- Small facts behind the console's charts, kept without anything a tenant wrote and without a conversation id:
-- what happened (kind), where (property), in which language, how it was answered or why staff were called
-- (detail: an enum-like value from Porter's own code), and one number (reply latency or time to first staff
-- reply in ms, a CSAT score). The time is kept to the hour only and the day is the appliance's local day.
CREATE TABLE analytics_events (
    day          TEXT    NOT NULL,
    hour         TEXT    NOT NULL,
    property_id  TEXT,
    kind         TEXT    NOT NULL,
    language     TEXT,
    detail       TEXT,
    value        INTEGER
);
CREATE INDEX analytics_events_day ON analytics_events (day, property_id)
