-- Staff's internal notes on a conversation (the inbox). Never shown to the tenant, never in their history or
-- export. body = AES-256-GCM(the conversation's data key, note text) with associated data
-- "<conversation id>/note/<note id>", so erasing or purging the conversation shreds its notes with its messages.
-- author is the staff member as the audit log names them.
CREATE TABLE staff_notes (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    body             BLOB NOT NULL
);
CREATE INDEX staff_notes_by_conversation ON staff_notes (conversation_id, created_at)
