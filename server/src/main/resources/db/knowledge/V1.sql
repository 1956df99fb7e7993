-- The knowledge base's documents. Their passages and vectors live in the Lucene index under <data>/knowledge/index,
-- their original bytes under <data>/knowledge/originals/<sha256> (kept so that a document can be re-indexed, for
-- example when the embedding model changes, without asking for the file again).
CREATE TABLE kb_documents (
    id             TEXT PRIMARY KEY,
    title          TEXT NOT NULL,
    filename       TEXT NOT NULL,
    format         TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    structure      TEXT NOT NULL,
    property_id    TEXT REFERENCES properties (id),
    unit_id        TEXT,
    scope_key      TEXT NOT NULL,
    size_bytes     INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    pages          INTEGER NOT NULL DEFAULT 0,
    passages       INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL CHECK (status IN ('queued', 'indexing', 'indexed', 'failed')),
    status_detail  TEXT,
    -- Bumped by every upload or re-index of the document. An ingestion job for an older revision is dropped.
    revision       INTEGER NOT NULL DEFAULT 1,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    -- Uploading a file with the same name to the same scope updates that document.
    UNIQUE (scope_key, filename),
    FOREIGN KEY (property_id, unit_id) REFERENCES units (property_id, id)
);
CREATE INDEX kb_documents_sha256 ON kb_documents (sha256);
