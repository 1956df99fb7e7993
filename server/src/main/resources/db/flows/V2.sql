-- Each property's settings as staff set them in the console or the admin API (or as imported once from its YAML
-- files): a JSON object with the YAML's names (emergency-line, office-hours, ...). Keys left out take their
-- defaults. Staff data only: nothing a tenant wrote.
CREATE TABLE property_settings (
    property_id  TEXT PRIMARY KEY REFERENCES properties (id),
    settings     TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
)
