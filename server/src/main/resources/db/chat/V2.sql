-- The privacy-notice version the tenant consented to when the conversation started (null before notices were
-- versioned).
ALTER TABLE conversations ADD COLUMN notice_version INTEGER;

-- A legal hold keeps a conversation past its retention and refuses its erasure, e.g. during a dispute. The text
-- is the staff's stated reason (never tenant text). Null means no hold.
ALTER TABLE conversations ADD COLUMN legal_hold TEXT;

-- Retention looks up each conversation's last activity.
CREATE INDEX messages_by_time ON messages (conversation_id, created_at)
