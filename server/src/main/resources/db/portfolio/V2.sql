-- Units of a property. Ids are chosen by the firm ("4B", "C-204") and unique within their property.
CREATE TABLE units (
    property_id  TEXT NOT NULL REFERENCES properties (id),
    id           TEXT NOT NULL,
    name         TEXT,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (property_id, id)
);
