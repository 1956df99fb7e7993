-- Key-encryption keys (KEKs). Each is stored only wrapped (AES-256-GCM) under a key derived from the master key,
-- with associated data "kek:<version>". Data keys name the KEK version that wraps them, and rotation adds a version,
-- rewraps every data key and drops versions nothing refers to any more.
CREATE TABLE key_encryption_keys (
    version     INTEGER PRIMARY KEY,
    wrapped     BLOB NOT NULL,
    created_at  TEXT NOT NULL
);

-- The appliance's Ed25519 signing key (audit checkpoints and erasure receipts). The private key is kept wrapped
-- under the master key, and the public key is published for offline verification.
CREATE TABLE signing_keys (
    id               TEXT PRIMARY KEY,
    algorithm        TEXT NOT NULL,
    public_key       BLOB NOT NULL,
    wrapped_private  BLOB NOT NULL,
    created_at       TEXT NOT NULL
);

-- How long each class of data is kept, in days. Changes are audited.
CREATE TABLE retention_policy (
    data_class  TEXT PRIMARY KEY,
    days        INTEGER NOT NULL CHECK (days > 0),
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);

-- The firm's privacy notice, every published version kept, so that a conversation records the version it consented to.
CREATE TABLE privacy_notices (
    version       INTEGER PRIMARY KEY,
    text          TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    published_by  TEXT NOT NULL
)
