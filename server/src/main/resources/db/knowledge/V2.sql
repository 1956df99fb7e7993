-- A document's language as a BCP 47 tag (en, es, fr, zh-Hans, vi, ar), or NULL for the firm's default language.
-- Retrieval prefers passages in the tenant's language among comparably relevant ones (see KnowledgeIndex).
-- No semicolons in these comments: the migrator splits statements at them.
ALTER TABLE kb_documents ADD COLUMN language TEXT;
