-- Tokens that act as a member of staff name them (their username). The bootstrap token names nobody (NULL).
ALTER TABLE admin_tokens ADD COLUMN staff TEXT;
CREATE INDEX admin_tokens_staff ON admin_tokens (staff);
