-- Who is told what: one row per route. A null property or priority matches any. Staff addresses, never a tenant's.
CREATE TABLE notify_routes (
    position     INTEGER PRIMARY KEY,
    property_id  TEXT,
    priority     TEXT CHECK (priority IN ('emergency', 'tenant-request', 'flow', 'ticket')),
    email        TEXT NOT NULL
);
-- Notification secrets (the webhook signing secret), wrapped under the current KEK like a data key, so a KEK
-- rotation rewraps them with everything else.
CREATE TABLE notify_secrets (
    name         TEXT PRIMARY KEY,
    kek_version  INTEGER NOT NULL,
    wrapped_key  BLOB NOT NULL,
    updated_at   TEXT NOT NULL
);
-- Escalations whose missed SLA has been announced, so a restart does not announce it again.
CREATE TABLE notify_sla_sent (
    escalation_id  TEXT PRIMARY KEY,
    sent_at        TEXT NOT NULL
)
