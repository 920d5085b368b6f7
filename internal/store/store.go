package store

import (
	"context"
	"errors"
	"io"
	"time"
)

// Errors a caller must tell apart. Every error a Store returns for one of
// these cases wraps the sentinel (test with errors.Is); the text says more.
var (
	// ErrNotFound: the period, unit, user, submission, version, receipt or
	// blob does not exist (or a session has expired); also a reference to a
	// unit or department that does not exist, or a unit a period does not
	// expect.
	ErrNotFound = errors.New("store: not found")
	// ErrExists: a unit, department, user or period with that key exists.
	ErrExists = errors.New("store: already exists")
	// ErrLocked: the submission is approved; a new version needs an
	// unapprove first.
	ErrLocked = errors.New("store: submission approved, locked")
	// ErrState: a review action the submission's state does not allow
	// (approve with no version, unapprove when not approved…).
	ErrState = errors.New("store: not allowed in this state")
	// ErrInvalid: the input itself is wrong (an unknown role, a return with
	// no reason, a period without a department…).
	ErrInvalid = errors.New("store: invalid")
	// ErrBadCredentials: the login does not exist or the password is wrong;
	// the two are not told apart.
	ErrBadCredentials = errors.New("store: wrong login or password")
	// ErrBusy: SQLite stayed locked by other writers past the busy timeout
	// (10 s), or PostgreSQL found a deadlock. The work was not done; it may
	// be tried again (HTTP 503).
	ErrBusy = errors.New("store: database busy")
)

// Role is what a user may do.
type Role string

const (
	RoleAdmin    Role = "admin"    // everything
	RoleReviewer Role = "reviewer" // reviews the periods its department receives
	RoleClerk    Role = "clerk"    // submits its own unit's reports
)

// Frequency is how often a regime asks for a report.
type Frequency string

const (
	Yearly    Frequency = "year"
	Half      Frequency = "half"
	Quarterly Frequency = "quarter"
	Monthly   Frequency = "month"
)

// State is a submission's review state.
type State string

const (
	Submitted  State = "submitted"  // a version arrived, not yet reviewed
	Returned   State = "returned"   // sent back to the unit, with a reason
	Approved   State = "approved"   // accepted by the reviewer; locked
	Unapproved State = "unapproved" // an approval withdrawn, with a reason
)

// Outcome is what the checks said of a version when it arrived.
type Outcome string

const (
	RejectedTechnical    Outcome = "rejected-technical"     // not readable as a report
	Rejected             Outcome = "rejected"               // read, with errors
	ReceivedWithWarnings Outcome = "received-with-warnings" // no errors, some warnings
	Accepted             Outcome = "accepted"               // no errors, no warnings
)

// ReviewAction is what a reviewer does to a submission.
type ReviewAction string

const (
	Approve   ReviewAction = "approve"
	Return    ReviewAction = "return"    // needs a reason
	Unapprove ReviewAction = "unapprove" // needs a reason
)

// Kinds of the units of the official list; a department's own units take
// any other short word ("phong", "trung-tam", "co-so").
const (
	KindProvince = "province"
	KindCommune  = "commune"
)

// Department is a receiving agency: "so-noi-vu", "Sở Nội vụ".
type Department struct {
	Code string
	Name string
}

// Unit is a unit that reports or that groups those that do. A zero
// ValidFrom means valid since ever, a zero ValidTo valid still; both are
// dates (midnight UTC) and both days are included.
type Unit struct {
	Code      string
	Name      string
	Parent    string // the parent unit's code: a commune's province; "" for none
	Kind      string // KindProvince, KindCommune, or the department's own kind
	ValidFrom time.Time
	ValidTo   time.Time
}

// UnitFilter selects units; its zero value selects them all.
type UnitFilter struct {
	ValidOn time.Time // units valid on that day
	Parent  string
	Kind    string
}

// User is an account. Unit is set for a clerk, Department for a reviewer.
type User struct {
	Login      string
	Role       Role
	Unit       string
	Department string
	CreatedAt  time.Time
}

// Token is an API token; its plain text is given once, by AddToken.
type Token struct {
	ID        int64
	Login     string
	Name      string
	CreatedAt time.Time
}

// Session is a signed-in browser. CSRF is a random value to be echoed by
// the page's forms: it is kept in clear, being worthless without the
// session's own token, which is kept only as a hash.
type Session struct {
	Login     string
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Regime is a reporting regime: who reports what, to whom, how often.
// CutOff and Deadline say it in words the store does not interpret
// ("31/12", "15/01 năm sau").
type Regime struct {
	ID         int64
	Template   string
	Department string
	Frequency  Frequency
	CutOff     string
	Deadline   string
	Units      []string
}

// Period is one round of a report: a template, a year and, for a regime
// more frequent than yearly, a part of it (1–2 halves, 1–4 quarters, 1–12
// months; 0 for a year). Units are the codes of the units expected to
// report. RegimeID is 0 when the period stands alone.
type Period struct {
	ID         int64
	RegimeID   int64
	Template   string
	Year       int
	Frequency  Frequency // Yearly when empty
	Part       int
	Department string
	Deadline   time.Time
	CutOff     time.Time // a date; zero for none
	Units      []string
}

// PeriodFilter selects periods; its zero value selects them all.
type PeriodFilter struct {
	Department string
	Unit       string // periods that expect this unit
	Template   string
	Year       int
}

// Submission is one unit's report for one period, through its versions.
// Reason is the reason of the last return or unapprove.
type Submission struct {
	ID        int64
	PeriodID  int64
	Unit      string
	State     State
	Reason    string
	Versions  int // the last version's number
	UpdatedAt time.Time
}

// Receipt is what a unit is given for every version it uploads. Number is
// "<period year>-<six digits>", e.g. "2024-000017", never given twice.
type Receipt struct {
	Number     string
	PeriodID   int64
	Unit       string
	N          int
	ReceivedAt time.Time
	SHA256     string
	Outcome    Outcome
}

// Version is one upload of a submission. Findings and Figures are JSON the
// store keeps as given; the files are blobs, read with Blob.
type Version struct {
	PeriodID        int64
	Unit            string
	N               int
	UploadedBy      string
	ClientAddr      string
	ReceivedAt      time.Time
	FileSHA256      string
	FileSize        int64
	Outcome         Outcome
	Errors          int
	Warnings        int
	Findings        []byte
	AnnotatedSHA256 string // "" when there is no annotated workbook
	Figures         []byte
	Receipt         Receipt
}

// NewVersion is an upload to be stored by AddVersion. ReceivedAt is now
// when zero. Annotated may be empty (a rejected-technical file has none).
type NewVersion struct {
	PeriodID   int64
	Unit       string
	UploadedBy string
	ClientAddr string
	ReceivedAt time.Time
	File       []byte
	Outcome    Outcome
	Errors     int
	Warnings   int
	Findings   []byte
	Annotated  []byte
	Figures    []byte
}

// Review is a review action on a submission, given to Review; as kept in
// the history, N is the version it applied to and At when.
type Review struct {
	PeriodID   int64
	Unit       string
	Action     ReviewAction
	Reason     string
	By         string
	ClientAddr string
	At         time.Time // now when zero
	N          int       // set by the store
}

// Status is a period's completeness and timeliness. A unit is on time when
// some version of it, whatever its outcome, was received at or before the
// deadline; Submitted counts the units with at least one version, again
// whatever the outcome.
type Status struct {
	Period    Period
	Expected  int
	Submitted int
	OnTime    int
	Approved  int
	Units     []UnitStatus // the expected units, by code
	Missing   []Unit       // the expected units with no version, by name
}

// UnitStatus is one expected unit in a Status. State, Outcome and
// ReceivedAt (of the last version) are empty when nothing arrived.
type UnitStatus struct {
	Code       string
	Name       string
	State      State
	Outcome    Outcome
	ReceivedAt time.Time
	Versions   int
	OnTime     bool
}

// Prior is the approved version of a unit's report in the previous year's
// period of the same template.
type Prior struct {
	Period  Period
	N       int
	Figures []byte
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID         int64
	At         time.Time
	Actor      string // a login; "" for the system
	Action     string // "login", "upload", "approve", "user-add"…
	Object     string // what it was done to: "period/3/unit/45112", "user/lan"
	Detail     string
	ClientAddr string
}

// AuditFilter selects audit entries; its zero value selects them all.
// From is included, To excluded.
type AuditFilter struct {
	From, To time.Time
	Actor    string
	Action   string
	AfterID  int64 // entries after this id, to read by pages
	Limit    int   // 0 for no limit
}

// Store keeps the reporting cycle. Its methods are safe for concurrent use
// and hold no state in memory: several processes may share one PostgreSQL
// database.
type Store interface {
	// Departments and units.

	// AddDepartment adds a department: ErrExists, ErrInvalid.
	AddDepartment(ctx context.Context, d Department) error
	// Departments returns every department, by code.
	Departments(ctx context.Context) ([]Department, error)
	// AddUnit adds a unit: ErrExists, ErrInvalid.
	AddUnit(ctx context.Context, u Unit) error
	// UpdateUnit replaces the unit of that code: ErrNotFound, ErrInvalid.
	UpdateUnit(ctx context.Context, u Unit) error
	// Unit returns the unit of a code: ErrNotFound.
	Unit(ctx context.Context, code string) (Unit, error)
	// Units returns the units a filter selects, by code.
	Units(ctx context.Context, f UnitFilter) ([]Unit, error)
	// SeedOfficialUnits adds the 34 provinces and 3.321 communes in force
	// from 2025-07-01 that are not there yet and returns how many it
	// added; a second call adds none.
	SeedOfficialUnits(ctx context.Context) (int, error)

	// Accounts.

	// AddUser adds a user with a password (hashed with argon2id):
	// ErrExists; ErrInvalid for a bad role, a clerk without a unit or a
	// reviewer without a department; ErrNotFound for an unknown unit or
	// department.
	AddUser(ctx context.Context, u User, password string) (User, error)
	// User returns the user of a login: ErrNotFound.
	User(ctx context.Context, login string) (User, error)
	// Users returns every user, by login.
	Users(ctx context.Context) ([]User, error)
	// SetPassword changes a user's password: ErrNotFound.
	SetPassword(ctx context.Context, login, password string) error
	// CheckPassword returns the user whose password it is, or
	// ErrBadCredentials.
	CheckPassword(ctx context.Context, login, password string) (User, error)
	// AddToken makes an API token for a user and returns its plain text,
	// which is not kept: ErrNotFound.
	AddToken(ctx context.Context, login, name string) (string, Token, error)
	// TokenUser returns the user a plain token belongs to: ErrNotFound.
	TokenUser(ctx context.Context, token string) (User, error)
	// Tokens returns a user's tokens, without their text.
	Tokens(ctx context.Context, login string) ([]Token, error)
	// DeleteToken revokes a token: ErrNotFound.
	DeleteToken(ctx context.Context, id int64) error
	// AddSession signs a user in until expires and returns the session's
	// plain token, which is not kept: ErrNotFound.
	AddSession(ctx context.Context, login string, expires time.Time) (string, Session, error)
	// SessionUser returns the user and session of a plain session token
	// still valid at now: ErrNotFound when unknown or expired.
	SessionUser(ctx context.Context, token string, now time.Time) (User, Session, error)
	// DeleteSession signs out; an unknown token is not an error. It also
	// removes the sessions that expired before now.
	DeleteSession(ctx context.Context, token string, now time.Time) error
	// AddLoginFailure records a failed sign-in.
	AddLoginFailure(ctx context.Context, login, clientAddr string, at time.Time) error
	// LoginFailures counts the failed sign-ins since a time, of a login
	// and from an address; an empty login or address matches any.
	LoginFailures(ctx context.Context, login, clientAddr string, since time.Time) (int, error)
	// PruneLoginFailures forgets the failures before a time.
	PruneLoginFailures(ctx context.Context, before time.Time) error

	// Regimes and periods.

	// AddRegime adds a regime and returns it with its ID: ErrInvalid,
	// ErrNotFound (department or unit).
	AddRegime(ctx context.Context, r Regime) (Regime, error)
	// Regime returns a regime: ErrNotFound.
	Regime(ctx context.Context, id int64) (Regime, error)
	// Regimes returns every regime, by ID.
	Regimes(ctx context.Context) ([]Regime, error)
	// AddPeriod adds a period and returns it with its ID. Its units must
	// exist and, when it has a cut-off date, be valid on it: ErrNotFound;
	// ErrExists for a second period of the same template, department,
	// frequency, year and part; ErrInvalid.
	AddPeriod(ctx context.Context, p Period) (Period, error)
	// Period returns a period: ErrNotFound.
	Period(ctx context.Context, id int64) (Period, error)
	// Periods returns the periods a filter selects, by ID.
	Periods(ctx context.Context, f PeriodFilter) ([]Period, error)

	// Submissions.

	// AddVersion stores an upload, all or nothing: the file and the
	// annotated workbook (once, whoever uploaded the same bytes), the
	// version numbered after the last, its receipt and an audit entry
	// ("upload"). A version after a return or an unapprove puts the
	// submission back to Submitted. ErrLocked when approved; ErrNotFound
	// when the period does not exist or does not expect the unit;
	// ErrInvalid; ErrBusy.
	AddVersion(ctx context.Context, v NewVersion) (Version, error)
	// Submission returns a unit's submission for a period: ErrNotFound
	// when nothing was uploaded.
	Submission(ctx context.Context, periodID int64, unit string) (Submission, error)
	// Versions returns a submission's versions, by number.
	Versions(ctx context.Context, periodID int64, unit string) ([]Version, error)
	// Version returns version n of a submission: ErrNotFound.
	Version(ctx context.Context, periodID int64, unit string, n int) (Version, error)
	// Receipt returns the receipt of a number: ErrNotFound.
	Receipt(ctx context.Context, number string) (Receipt, error)
	// Blob returns the bytes of a sha256 (lowercase hex): ErrNotFound.
	Blob(ctx context.Context, sha256 string) ([]byte, error)
	// Review approves, returns or unapproves a submission's last version
	// and writes the history and an audit entry (the action's name).
	// Approve needs a version and a state other than Approved; Return a
	// Submitted or Unapproved submission; Unapprove an Approved one;
	// otherwise ErrState. ErrInvalid when Return or Unapprove has no
	// reason; ErrNotFound.
	Review(ctx context.Context, r Review) (Submission, error)
	// Reviews returns a submission's review history, oldest first.
	Reviews(ctx context.Context, periodID int64, unit string) ([]Review, error)
	// Status returns a period's completeness: ErrNotFound.
	Status(ctx context.Context, periodID int64) (Status, error)
	// ApprovedVersions returns the last version of every approved
	// submission of a period, by unit.
	ApprovedVersions(ctx context.Context, periodID int64) ([]Version, error)
	// PriorFigures returns the approved figures of a unit in the period of
	// the previous year with the same template, frequency and part; nil
	// when there is none.
	PriorFigures(ctx context.Context, periodID int64, unit string) (*Prior, error)

	// Audit log: append-only, there is no way to change or remove a line.

	// Append adds an entry (At now when zero) and returns it with its ID.
	Append(ctx context.Context, e AuditEntry) (AuditEntry, error)
	// Audit returns the entries a filter selects, by ID.
	Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)

	// Backup writes a consistent copy of a SQLite database to a file,
	// replacing it, while the store serves. A PostgreSQL store returns an
	// error wrapping errors.ErrUnsupported: back it up with pg_dump.
	Backup(ctx context.Context, path string) error
	// Close closes the database.
	Close() error
}

// WriteCSV writes audit entries as CSV with a header row: id, at (RFC
// 3339, UTC), actor, action, object, detail, client_addr.
func WriteCSV(w io.Writer, entries []AuditEntry) error {
	return writeCSV(w, entries)
}
