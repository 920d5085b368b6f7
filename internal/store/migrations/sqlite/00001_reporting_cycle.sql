-- The reporting cycle: departments, units, accounts, regimes, periods,
-- submissions with their versions and receipts, blobs, reviews, audit log.
-- Times are TEXT in UTC, 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (fixed width, so
-- they order as text); dates are TEXT 'YYYY-MM-DD'.

-- +goose Up
CREATE TABLE departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE units (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    parent     TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    valid_from TEXT,
    valid_to   TEXT
);
CREATE INDEX units_parent ON units (parent);

CREATE TABLE users (
    login         TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'clerk')),
    unit          TEXT REFERENCES units (code),
    department    TEXT REFERENCES departments (code),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    login      TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,
    login      TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_failures (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE TABLE regimes (
    id         INTEGER PRIMARY KEY,
    template   TEXT NOT NULL,
    department TEXT NOT NULL REFERENCES departments (code),
    frequency  TEXT NOT NULL CHECK (frequency IN ('year', 'half', 'quarter', 'month')),
    cut_off    TEXT NOT NULL,
    deadline   TEXT NOT NULL
);

CREATE TABLE regime_units (
    regime_id INTEGER NOT NULL REFERENCES regimes (id) ON DELETE CASCADE,
    unit      TEXT NOT NULL REFERENCES units (code),
    PRIMARY KEY (regime_id, unit)
);

CREATE TABLE periods (
    id         INTEGER PRIMARY KEY,
    regime_id  INTEGER REFERENCES regimes (id),
    template   TEXT NOT NULL,
    year       INTEGER NOT NULL,
    frequency  TEXT NOT NULL CHECK (frequency IN ('year', 'half', 'quarter', 'month')),
    part       INTEGER NOT NULL,
    department TEXT NOT NULL REFERENCES departments (code),
    deadline   TEXT NOT NULL,
    cut_off    TEXT,
    UNIQUE (template, department, frequency, year, part)
);

CREATE TABLE period_units (
    period_id INTEGER NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    unit      TEXT NOT NULL REFERENCES units (code),
    PRIMARY KEY (period_id, unit)
);
CREATE INDEX period_units_unit ON period_units (unit);

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
);

CREATE TABLE submissions (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL,
    unit       TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('submitted', 'returned', 'approved', 'unapproved')),
    reason     TEXT NOT NULL DEFAULT '',
    last_n     INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (period_id, unit),
    FOREIGN KEY (period_id, unit) REFERENCES period_units (period_id, unit)
);

CREATE TABLE receipt_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE versions (
    id               INTEGER PRIMARY KEY,
    submission_id    INTEGER NOT NULL REFERENCES submissions (id),
    n                INTEGER NOT NULL,
    uploaded_by      TEXT NOT NULL,
    client_addr      TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    file_sha256      TEXT NOT NULL REFERENCES blobs (sha256),
    file_size        INTEGER NOT NULL,
    outcome          TEXT NOT NULL CHECK (outcome IN ('rejected-technical', 'rejected', 'received-with-warnings', 'accepted')),
    errors           INTEGER NOT NULL,
    warnings         INTEGER NOT NULL,
    findings         BLOB,
    annotated_sha256 TEXT REFERENCES blobs (sha256),
    figures          BLOB,
    receipt          TEXT NOT NULL UNIQUE,
    UNIQUE (submission_id, n)
);

CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    n             INTEGER NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('approve', 'return', 'unapprove')),
    reason        TEXT NOT NULL,
    by_login      TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX reviews_submission ON reviews (submission_id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    client_addr TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_log;
DROP TABLE reviews;
DROP TABLE versions;
DROP TABLE receipt_counters;
DROP TABLE submissions;
DROP TABLE blobs;
DROP TABLE period_units;
DROP TABLE periods;
DROP TABLE regime_units;
DROP TABLE regimes;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE tokens;
DROP TABLE users;
DROP TABLE units;
DROP TABLE departments;
