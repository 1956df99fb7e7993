-- Where each conversation stands in its guided flow, and its detected language. The slot values (which hold
-- what the tenant typed) are sealed with AES-256-GCM under a data key of their own, stored only wrapped by the
-- key-encryption key. Deleting the conversation deletes this row.
CREATE TABLE flow_sessions (
    conversation_id  TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    language         TEXT,
    flow_id          TEXT,
    step             TEXT,
    return_to        TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    offer            TEXT,
    emergency        TEXT,
    kek_version      INTEGER NOT NULL,
    wrapped_key      BLOB NOT NULL,
    slots            BLOB,
    flow_updated_at  TEXT,
    updated_at       TEXT NOT NULL
)
