-- What a staff read was for (its stated reason) or what an action changed. Hashed into the chain when present.
ALTER TABLE audit_log ADD COLUMN detail TEXT;

CREATE INDEX audit_log_at ON audit_log (at);

-- The newest entry, signed with the appliance's Ed25519 key on every append: deleting entries from the end
-- (truncation) leaves a head that names an entry no longer there, and the key to sign a new head never leaves
-- the master key's protection.
CREATE TABLE audit_head (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seq        INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    at         TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    signature  BLOB NOT NULL
);

-- Periodic signed checkpoints (every N entries and daily), kept for history and for export elsewhere.
CREATE TABLE audit_checkpoints (
    seq        INTEGER PRIMARY KEY,
    hash       TEXT NOT NULL,
    at         TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    signature  BLOB NOT NULL
);

-- When retention prunes old entries, the last pruned entry's hash, signed: the first kept entry chains to it.
CREATE TABLE audit_anchor (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seq        INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    at         TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    signature  BLOB NOT NULL
)
