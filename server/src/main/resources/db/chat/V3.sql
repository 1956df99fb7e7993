-- A conversation may belong to one unit of its property (a tenant's own lease, their own repairs). SQLite cannot
-- add a foreign key with ALTER TABLE, so the tenant API checks the unit against the portfolio before it is stored.
ALTER TABLE conversations ADD COLUMN unit_id TEXT;
