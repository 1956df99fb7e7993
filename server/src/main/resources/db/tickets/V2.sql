-- Staff work on tickets. The assignee is a staff username (not personal data of the tenant). unit_key is a keyed
-- hash (HMAC-SHA256 under a key derived in the key ring) of the normalised unit: it lets "same property, same
-- unit, same category, still open" be one indexed comparison for the possible-duplicate flag without storing the
-- unit in clear, and without the key it cannot be reversed by hashing every plausible unit name. Tickets opened
-- before this migration have none and are never flagged.
ALTER TABLE tickets ADD COLUMN assignee TEXT;
ALTER TABLE tickets ADD COLUMN assigned_at TEXT;
ALTER TABLE tickets ADD COLUMN unit_key BLOB;
CREATE INDEX tickets_duplicates ON tickets (property_id, category, unit_key);

-- A ticket's history: every assignment and status change, by whom and when. A note staff write may name the
-- tenant or their flat, so it is sealed like the ticket's details, under the ticket's own data key: erasing the
-- tenant's conversation (which destroys that key) makes the notes unreadable too. Deleting a ticket (retention)
-- deletes its history.
CREATE TABLE ticket_history (
    ticket_id   TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('status', 'assigned')),
    status      TEXT,
    assignee    TEXT,
    note        BLOB,
    PRIMARY KEY (ticket_id, seq)
);
