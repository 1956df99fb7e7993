-- A conversation's messages are sealed with its own data key, stored here only wrapped by the key-encryption
-- key. Deleting wrapped_key makes every message of the conversation unreadable (crypto-shredding).
CREATE TABLE conversations (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    language     TEXT,
    consent_at   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    token_hash   BLOB NOT NULL,
    kek_version  INTEGER NOT NULL,
    wrapped_key  BLOB NOT NULL
);

-- body = AES-256-GCM(data key, JSON {text, citations}) with associated data "<conversation id>/<message id>".
CREATE TABLE messages (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('tenant', 'assistant', 'staff')),
    mode             TEXT,
    created_at       TEXT NOT NULL,
    body             BLOB NOT NULL,
    UNIQUE (conversation_id, seq)
);
