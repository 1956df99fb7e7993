-- The firm's policy set, one row per version: the highest version is the active one. A version is never changed
-- after it is written: an edit is a new version, so what the model saw and which rule escalated a conversation
-- can always be read back. The policy itself is JSON (PolicyJson), written by staff, never by tenants.
CREATE TABLE policy_versions (
    version     INTEGER PRIMARY KEY,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    review_by   TEXT NOT NULL,
    policy      TEXT NOT NULL
)
