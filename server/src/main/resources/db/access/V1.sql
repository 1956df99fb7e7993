-- Admin-socket bearer tokens. Only a SHA-256 of each token is kept.
CREATE TABLE admin_tokens (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'agent', 'auditor')),
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);
