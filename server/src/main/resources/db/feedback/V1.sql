-- A tenant's thumbs up or down on one of Porter's answers. The latest rating of a message wins. comment is what the
-- tenant typed, so it is sealed: AES-256-GCM under the conversation's data key with associated data
-- "<conversation id>/feedback/<message id>" (null without a comment). Erasing or purging the conversation deletes
-- the row and its key. Kept for the retention class "feedback".
CREATE TABLE message_ratings (
    message_id       TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    property_id      TEXT NOT NULL,
    rating           TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment          BLOB,
    created_at       TEXT NOT NULL
);
CREATE INDEX message_ratings_by_conversation ON message_ratings (conversation_id);

-- The one-question satisfaction score (1-5) asked when a conversation or a repair ticket is closed. The latest one
-- for the conversation (ticket_reference '') or for each of its tickets wins. No tenant text.
CREATE TABLE csat_scores (
    conversation_id   TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    ticket_reference  TEXT NOT NULL,
    property_id       TEXT NOT NULL,
    score             INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    created_at        TEXT NOT NULL,
    PRIMARY KEY (conversation_id, ticket_reference)
)
