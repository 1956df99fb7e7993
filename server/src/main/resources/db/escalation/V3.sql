-- Where a tenant handed to staff outside office hours would like the reply as well: an e-mail address or a phone
-- number, one per conversation (the latest one given). What the tenant typed, so it is sealed with AES-256-GCM under
-- its own data key, stored only wrapped by the key-encryption key. Erasing the conversation deletes the row.
CREATE TABLE escalation_contacts (
    conversation_id  TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    created_at       TEXT NOT NULL,
    kek_version      INTEGER NOT NULL,
    wrapped_key      BLOB NOT NULL,
    contact          BLOB NOT NULL
)
