// Package store keeps the reporting cycle: who reports what to whom, the
// reports that arrived, their review, and the audit log. It is the port the
// HTTP service and the commands use; the checks themselves stay in rules.
//
// # The model
//
//   - A Department receives reports (Sở Nội vụ, Sở Y tế…).
//   - A Unit reports, or groups those that do: the 34 provinces and the
//     3.321 communes of the official list in force from 1 July 2025
//     (SeedOfficialUnits), and a department's own units (kind "phong",
//     "trung-tam", "co-so"…). Units change over time: each is valid from a
//     day to a day, and a period only takes units valid on its cut-off date.
//   - A Regime says who reports what, to whom, how often (year, half,
//     quarter, month), the data cut-off and the deadline.
//   - A Period is one round — a template and a year (and a part of it) —
//     with its department, its deadline and the units expected.
//   - A Submission is one unit's report for one period. Each upload is a
//     Version (1, 2, 3…): who, when, from where, the file's sha256 and size,
//     the outcome computed on arrival, the findings and the figures (JSON
//     the store does not read), and the annotated workbook. Files are kept
//     in the database once per content (blobs by sha256), however many
//     versions share them.
//   - Every version gets a Receipt: a number "<period year>-<six digits>"
//     (2024-000017) drawn from a counter in the same transaction, so that
//     no number is ever given twice, and a number is only spent by a
//     version that was stored.
//
// # Outcomes and states
//
// A version's Outcome is rejected-technical (not readable as a report; no
// annotated workbook), rejected (errors), received-with-warnings or
// accepted. The submission's review State is:
//
//	(upload)   → submitted
//	submitted  → approved (Approve) | returned (Return, with a reason)
//	returned   → submitted (a new version) | approved
//	approved   → unapproved (Unapprove, with a reason); no new version
//	unapproved → submitted (a new version) | approved | returned
//
// An approved submission is locked: AddVersion returns ErrLocked until it
// is unapproved. Any other move returns ErrState. The review history keeps
// every action with the version it applied to.
//
// A unit is submitted when it has a version, whatever its outcome, and on
// time when some version of it was received at or before the period's
// deadline: a late correction of a report that came in time does not make
// it late. Status counts both, and names the units still missing.
//
// AddVersion and Review are single transactions that also write their
// audit entry: a server killed in the middle leaves no half version, no
// receipt without a version. Other changes (users, units, periods, logins,
// downloads) are audited by the caller with Append. The audit log cannot be
// changed: the Store has no method for it, and triggers refuse UPDATE and
// DELETE (and TRUNCATE on PostgreSQL).
//
// # SQLite or PostgreSQL
//
//	s, err := store.Open(ctx, "")                                  // ./chitieu-data/chitieu.db
//	s, err := store.Open(ctx, "/var/lib/chitieu")                  // /var/lib/chitieu/chitieu.db
//	s, err := store.Open(ctx, "postgres://chitieu@db/chitieu")     // PostgreSQL
//
// SQLite (modernc.org/sqlite, no cgo) is the default: one file, nothing to
// install, backed up while serving with Backup and put back with Restore.
// It serves one process: writers take turns on one lock (WAL mode, write
// transactions begin IMMEDIATE, a 10 s busy timeout past which ErrBusy), and
// 200 units uploading at once are stored in about half a second.
// PostgreSQL (pgx) is for several `chitieu serve` replicas behind a load
// balancer: the store keeps nothing in memory, numbering and locks are the
// database's, migrations take an advisory lock; back it up with pg_dump.
//
// Both run the same SQL through database/sql; the dialects differ in
// placeholders, column types and errors (dialect in open.go), and each has
// its migrations folder (migrations/sqlite, migrations/postgres), applied
// by goose at Open. One test suite runs against both.
package store
