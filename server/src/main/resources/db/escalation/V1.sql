-- A conversation handed to staff: an emergency, a tenant asking for a person, or a flow's escalate action.
-- Nothing the tenant wrote is stored here: staff open the conversation itself.
CREATE TABLE escalations (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    property_id      TEXT NOT NULL,
    reason           TEXT NOT NULL CHECK (reason IN ('emergency', 'tenant-request', 'flow')),
    kind             TEXT,
    status           TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX escalations_status ON escalations (status, created_at)
