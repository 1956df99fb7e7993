-- Staff accounts: people who sign in to the console and hold admin-API tokens.
-- The password is an Argon2id hash in PHC form (its parameters travel with it). The TOTP secret is encrypted with
-- AES-256-GCM under the row's own data key, stored only wrapped by a KEK (so a KEK rotation rewraps it).
CREATE TABLE staff (
    username          TEXT PRIMARY KEY,
    display_name      TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('admin', 'agent', 'auditor')),
    password_hash     TEXT NOT NULL,
    kek_version       INTEGER NOT NULL,
    wrapped_key       BLOB NOT NULL,
    totp_secret       BLOB,              -- NULL until the person has enrolled an authenticator
    totp_last_step    INTEGER NOT NULL DEFAULT 0,  -- a code is accepted once: replays are refused
    failed_attempts   INTEGER NOT NULL DEFAULT 0,
    retry_after       TEXT,              -- progressive delay: no attempt is checked before this instant
    locked_until      TEXT,
    disabled_at       TEXT,
    created_at        TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

-- Recovery codes: 50 random bits each, so a SHA-256 is enough to make a stolen database useless for signing in.
CREATE TABLE staff_recovery_codes (
    username   TEXT NOT NULL REFERENCES staff (username),
    code_hash  BLOB NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (username, code_hash)
);
