-- Live takeover. A member of staff claims an escalation (who, as the audit log names them, and the display name
-- tenants see). While an unresolved escalation of a conversation is claimed, the conversation is held and the bot
-- stays quiet. first_reply_at is when staff first answered the tenant (the SLA is met then). Still no tenant text.
ALTER TABLE escalations ADD COLUMN claimed_by TEXT;
ALTER TABLE escalations ADD COLUMN claimed_name TEXT;
ALTER TABLE escalations ADD COLUMN claimed_at TEXT;
ALTER TABLE escalations ADD COLUMN first_reply_at TEXT;

-- The routing stage asks on every message whether the conversation is held.
CREATE INDEX escalations_held ON escalations (conversation_id, status, claimed_by)
