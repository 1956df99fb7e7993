-- Questions Porter could not answer ("don't know"), answered with low confidence, or whose answer got a thumbs-down.
-- No plaintext tenant text: example is the question as the privacy Redactor left it and vector its embedding, both
-- sealed under the conversation's data key ("<conversation id>/gap/<id>" and "<conversation id>/gap-vector/<id>"),
-- so erasing or purging the conversation removes them. A gap closes when staff publish a correction for it or
-- dismiss it (closed_by as the audit log names them).
CREATE TABLE knowledge_gaps (
    id               TEXT PRIMARY KEY,
    property_id      TEXT NOT NULL,
    conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    reason           TEXT NOT NULL CHECK (reason IN ('dont-know', 'low-confidence', 'thumbs-down')),
    created_at       TEXT NOT NULL,
    example          BLOB NOT NULL,
    vector           BLOB NOT NULL,
    closed_at        TEXT,
    closed_by        TEXT,
    correction_id    TEXT
);
CREATE INDEX knowledge_gaps_open ON knowledge_gaps (property_id, closed_at, created_at);
CREATE INDEX knowledge_gaps_by_conversation ON knowledge_gaps (conversation_id);

-- Knowledge-base entries staff published to fill a gap: the question (as the admin edited it) and its answer,
-- written into the property's "corrections" document, which is indexed like every other document. Staff text.
CREATE TABLE corrections (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL,
    question     TEXT NOT NULL,
    answer       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX corrections_by_property ON corrections (property_id, created_at)
