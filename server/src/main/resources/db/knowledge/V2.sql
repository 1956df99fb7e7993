-- A document's language (BCP 47: en, es, fr, zh-Hans, vi, ar); NULL for the firm's default language. Retrieval
-- prefers passages in the tenant's language among comparably relevant ones (see KnowledgeIndex).
ALTER TABLE kb_documents ADD COLUMN language TEXT;
