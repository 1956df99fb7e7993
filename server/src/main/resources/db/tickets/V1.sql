-- Maintenance tickets. Structured fields (category, urgency, ...) are plain so staff can sort and filter, and what
-- the tenant typed (apartment, where, what happened, access window, phone, e-mail) is sealed with AES-256-GCM
-- under the ticket's own data key, stored only wrapped by the key-encryption key. Erasing the conversation keeps
-- the ticket (the repair still has to happen) but unlinks it.
CREATE TABLE tickets (
    id               TEXT PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    number           INTEGER NOT NULL,
    property_id      TEXT NOT NULL,
    conversation_id  TEXT REFERENCES conversations (id) ON DELETE SET NULL,
    category         TEXT NOT NULL,
    urgency          TEXT NOT NULL,
    entry_permitted  INTEGER,
    pets             INTEGER,
    contact          TEXT,
    language         TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open', 'scheduled', 'in-progress', 'completed', 'cancelled')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    kek_version      INTEGER NOT NULL,
    wrapped_key      BLOB NOT NULL,
    details          BLOB NOT NULL
);
CREATE INDEX tickets_property ON tickets (property_id, number)
