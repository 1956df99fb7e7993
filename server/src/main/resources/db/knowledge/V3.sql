-- Passages that ask for passwords, bank logins, card numbers or payments to a new account (PassageFlags): held
-- back from answers until an admin approves them. Keyed by passage id and the passage's text hash, so an approval
-- survives re-indexing the same text but not a change to it. No semicolons in these comments: the migrator
-- splits statements at them.
CREATE TABLE kb_passage_reviews (
    passage_id   TEXT NOT NULL PRIMARY KEY,
    document_id  TEXT NOT NULL,
    text_sha256  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('held', 'approved')),
    flagged_at   TEXT NOT NULL,
    decided_by   TEXT,
    decided_at   TEXT
);

CREATE INDEX kb_passage_reviews_document ON kb_passage_reviews (document_id)
