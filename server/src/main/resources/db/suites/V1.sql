-- Each run of an acceptance suite: its pass rate over time (no tenant text: suites are written by staff, and only
-- counts are kept here).
CREATE TABLE suite_runs (
    id          TEXT PRIMARY KEY,
    suite       TEXT NOT NULL,
    ran_at      TEXT NOT NULL,
    ran_by      TEXT NOT NULL,
    passed      INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    failed      TEXT NOT NULL          -- the names of the failed scenarios, one a line
);
CREATE INDEX suite_runs_by_suite ON suite_runs (suite, ran_at)
