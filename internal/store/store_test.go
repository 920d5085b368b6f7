package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/internal/store"
)

// freshDB returns the DSN of a new, empty database for one test.
type freshDB func(t *testing.T) string

// runSuite runs every test of the store against one database.
func runSuite(t *testing.T, fresh freshDB) {
	tests := []struct {
		name string
		fn   func(t *testing.T, fresh freshDB)
	}{
		{"Reopen", testReopen},
		{"Accounts", testAccounts},
		{"Units", testUnits},
		{"Periods", testPeriods},
		{"VersionsOneUnitConcurrent", testVersionsOneUnitConcurrent},
		{"VersionsManyUnitsConcurrent", testVersionsManyUnitsConcurrent},
		{"ReviewStates", testReviewStates},
		{"ReceiptsAndBlobs", testReceiptsAndBlobs},
		{"Status", testStatus},
		{"PriorFigures", testPriorFigures},
		{"Audit", testAudit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, fresh) })
	}
}

// open opens a store and closes it when the test ends.
func open(t *testing.T, dsn string) store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}

var (
	ctx      = context.Background()
	deadline = time.Date(2025, 1, 15, 17, 0, 0, 0, time.UTC)
)

// cycle is a department, units and a 2024 period expecting them.
type cycle struct {
	s      store.Store
	period store.Period
	units  []string
}

// newCycle makes a department "so-noi-vu", units U001… named "Đơn vị 1"…,
// and the 2024 period of chi-tieu-chu-yeu expecting them, due at deadline.
func newCycle(t *testing.T, s store.Store, n int) cycle {
	t.Helper()
	if err := s.AddDepartment(ctx, store.Department{Code: "so-noi-vu", Name: "Sở Nội vụ"}); err != nil && !errors.Is(err, store.ErrExists) {
		t.Fatal(err)
	}
	c := cycle{s: s}
	for i := 1; i <= n; i++ {
		code := fmt.Sprintf("U%03d", i)
		must(t, s.AddUnit(ctx, store.Unit{Code: code, Name: fmt.Sprintf("Đơn vị %d", i), Kind: "phong"}))
		c.units = append(c.units, code)
	}
	p, err := s.AddPeriod(ctx, store.Period{Template: "chi-tieu-chu-yeu", Year: 2024, Department: "so-noi-vu",
		Deadline: deadline, CutOff: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), Units: c.units})
	must(t, err)
	c.period = p
	return c
}

// upload adds a version of a unit, received at, with a file of its own.
func (c cycle) upload(t *testing.T, unit string, at time.Time, outcome store.Outcome) store.Version {
	t.Helper()
	v, err := c.s.AddVersion(ctx, store.NewVersion{PeriodID: c.period.ID, Unit: unit, UploadedBy: "clerk-" + unit,
		ClientAddr: "10.0.0.1", ReceivedAt: at, File: []byte(unit + at.String()), Outcome: outcome,
		Findings: []byte(`[]`), Annotated: []byte("annotated " + unit + at.String()), Figures: []byte(`{"VL_MOI":{"actual":2515}}`)})
	if err != nil {
		t.Fatalf("AddVersion(%s): %v", unit, err)
	}
	return v
}

func testReopen(t *testing.T, fresh freshDB) {
	dsn := fresh(t)
	s, err := store.Open(ctx, dsn)
	must(t, err)
	c := newCycle(t, s, 2)
	_, err = s.AddUser(ctx, store.User{Login: "lan", Role: store.RoleClerk, Unit: "U001"}, "mật khẩu")
	must(t, err)
	v := c.upload(t, "U001", deadline.Add(-time.Hour), store.Accepted)
	must(t, s.Close())

	s = open(t, dsn) // the migrations are applied already: nothing to do, nothing lost
	p, err := s.Period(ctx, c.period.ID)
	must(t, err)
	if p.Template != "chi-tieu-chu-yeu" || p.Year != 2024 || !p.Deadline.Equal(deadline) || !slices.Equal(p.Units, []string{"U001", "U002"}) {
		t.Errorf("Period after reopen = %+v", p)
	}
	got, err := s.Version(ctx, c.period.ID, "U001", 1)
	must(t, err)
	if got.Receipt.Number != v.Receipt.Number || got.FileSHA256 != v.FileSHA256 || !got.ReceivedAt.Equal(v.ReceivedAt) {
		t.Errorf("Version after reopen = %+v, want %+v", got, v)
	}
	if _, err := s.CheckPassword(ctx, "lan", "mật khẩu"); err != nil {
		t.Errorf("CheckPassword after reopen: %v", err)
	}
	n, err := store.RawInt(ctx, s, `SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`)
	must(t, err)
	if n != 1 {
		t.Errorf("goose_db_version has %d migrations, want 1 (applied once)", n)
	}
}

func testAccounts(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	newCycle(t, s, 1)
	for _, tc := range []struct {
		u    store.User
		want error
	}{
		{store.User{Login: "admin", Role: store.RoleAdmin}, nil},
		{store.User{Login: "mai", Role: store.RoleReviewer, Department: "so-noi-vu"}, nil},
		{store.User{Login: "lan", Role: store.RoleClerk, Unit: "U001"}, nil},
		{store.User{Login: "lan", Role: store.RoleAdmin}, store.ErrExists},
		{store.User{Login: "x", Role: "boss"}, store.ErrInvalid},
		{store.User{Login: "y", Role: store.RoleClerk}, store.ErrInvalid},
		{store.User{Login: "z", Role: store.RoleReviewer}, store.ErrInvalid},
		{store.User{Login: "w", Role: store.RoleClerk, Unit: "NOPE"}, store.ErrNotFound},
	} {
		_, err := s.AddUser(ctx, tc.u, "secret-"+tc.u.Login)
		if tc.want == nil {
			must(t, err)
		} else {
			wantErr(t, "AddUser("+tc.u.Login+")", err, tc.want)
		}
	}
	users, err := s.Users(ctx)
	must(t, err)
	var logins []string
	for _, u := range users {
		logins = append(logins, u.Login+":"+string(u.Role)+":"+u.Unit+":"+u.Department)
	}
	if want := []string{"admin:admin::", "lan:clerk:U001:", "mai:reviewer::so-noi-vu"}; !slices.Equal(logins, want) {
		t.Errorf("Users = %q, want %q", logins, want)
	}

	u, err := s.CheckPassword(ctx, "lan", "secret-lan")
	if err != nil || u.Login != "lan" || u.Unit != "U001" {
		t.Errorf("CheckPassword(lan, right) = %+v, %v", u, err)
	}
	_, err = s.CheckPassword(ctx, "lan", "wrong")
	wantErr(t, "CheckPassword(lan, wrong)", err, store.ErrBadCredentials)
	_, err = s.CheckPassword(ctx, "nobody", "secret-lan")
	wantErr(t, "CheckPassword(nobody)", err, store.ErrBadCredentials)
	hash, err := store.RawString(ctx, s, `SELECT password_hash FROM users WHERE login = ?`, "lan")
	must(t, err)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(hash, "secret") {
		t.Errorf("password_hash = %q, want an argon2id hash", hash)
	}
	must(t, s.SetPassword(ctx, "lan", "new"))
	if _, err := s.CheckPassword(ctx, "lan", "new"); err != nil {
		t.Errorf("CheckPassword after SetPassword: %v", err)
	}
	wantErr(t, "SetPassword(nobody)", s.SetPassword(ctx, "nobody", "x"), store.ErrNotFound)

	plain, tok, err := s.AddToken(ctx, "mai", "script")
	must(t, err)
	if !strings.HasPrefix(plain, "ct_") || len(plain) != 29 {
		t.Errorf("token %q, want ct_ and 26 characters", plain)
	}
	n, err := store.RawInt(ctx, s, `SELECT COUNT(*) FROM tokens WHERE hash = ? OR hash = ?`, plain, "x")
	must(t, err)
	if n != 0 {
		t.Error("the plain token is stored")
	}
	u, err = s.TokenUser(ctx, plain)
	if err != nil || u.Login != "mai" || u.Department != "so-noi-vu" {
		t.Errorf("TokenUser = %+v, %v", u, err)
	}
	_, err = s.TokenUser(ctx, plain+"x")
	wantErr(t, "TokenUser(wrong)", err, store.ErrNotFound)
	toks, err := s.Tokens(ctx, "mai")
	must(t, err)
	if len(toks) != 1 || toks[0].ID != tok.ID || toks[0].Name != "script" {
		t.Errorf("Tokens = %+v", toks)
	}
	must(t, s.DeleteToken(ctx, tok.ID))
	_, err = s.TokenUser(ctx, plain)
	wantErr(t, "TokenUser(deleted)", err, store.ErrNotFound)
	_, _, err = s.AddToken(ctx, "nobody", "x")
	wantErr(t, "AddToken(nobody)", err, store.ErrNotFound)

	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	sessTok, sess, err := s.AddSession(ctx, "lan", t0.Add(time.Hour))
	must(t, err)
	u, got, err := s.SessionUser(ctx, sessTok, t0.Add(59*time.Minute))
	if err != nil || u.Login != "lan" || got.CSRF != sess.CSRF || got.CSRF == "" || !got.ExpiresAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("SessionUser = %+v, %+v, %v", u, got, err)
	}
	_, _, err = s.SessionUser(ctx, sessTok, t0.Add(time.Hour))
	wantErr(t, "SessionUser(expired)", err, store.ErrNotFound)
	must(t, s.DeleteSession(ctx, sessTok, t0))
	_, _, err = s.SessionUser(ctx, sessTok, t0)
	wantErr(t, "SessionUser(signed out)", err, store.ErrNotFound)

	must(t, s.AddLoginFailure(ctx, "lan", "1.2.3.4", t0))
	must(t, s.AddLoginFailure(ctx, "lan", "1.2.3.4", t0.Add(time.Minute)))
	must(t, s.AddLoginFailure(ctx, "lan", "1.2.3.4", t0.Add(2*time.Minute)))
	must(t, s.AddLoginFailure(ctx, "mai", "5.6.7.8", t0.Add(2*time.Minute)))
	for _, tc := range []struct {
		login, addr string
		since       time.Time
		want        int
	}{
		{"lan", "", t0, 3},
		{"lan", "", t0.Add(30 * time.Second), 2},
		{"", "1.2.3.4", t0, 3},
		{"", "5.6.7.8", t0, 1},
		{"", "", t0.Add(2 * time.Minute), 2},
		{"lan", "5.6.7.8", t0, 0},
	} {
		n, err := s.LoginFailures(ctx, tc.login, tc.addr, tc.since)
		if err != nil || n != tc.want {
			t.Errorf("LoginFailures(%q, %q, %v) = %d, %v, want %d", tc.login, tc.addr, tc.since, n, err, tc.want)
		}
	}
	must(t, s.PruneLoginFailures(ctx, t0.Add(90*time.Second)))
	if n, _ := s.LoginFailures(ctx, "", "", time.Time{}); n != 2 {
		t.Errorf("LoginFailures after prune = %d, want 2", n)
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func testUnits(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	n, err := s.SeedOfficialUnits(ctx)
	must(t, err)
	if n != 34+3321 {
		t.Errorf("SeedOfficialUnits added %d, want 3355", n)
	}
	if n, err := s.SeedOfficialUnits(ctx); err != nil || n != 0 {
		t.Errorf("SeedOfficialUnits again = %d, %v, want 0", n, err)
	}
	count := func(f store.UnitFilter) int {
		t.Helper()
		us, err := s.Units(ctx, f)
		must(t, err)
		return len(us)
	}
	if got := count(store.UnitFilter{Kind: store.KindProvince, ValidOn: date(2025, 7, 1)}); got != 34 {
		t.Errorf("provinces valid on 2025-07-01: %d, want 34", got)
	}
	if got := count(store.UnitFilter{ValidOn: date(2025, 6, 30)}); got != 0 {
		t.Errorf("official units valid on 2025-06-30: %d, want 0", got)
	}
	if got := count(store.UnitFilter{Parent: "44", ValidOn: date(2026, 1, 1)}); got != 78 {
		t.Errorf("communes of Quảng Trị: %d, want 78", got)
	}
	qt, err := s.Unit(ctx, "44")
	must(t, err)
	if qt.Name != "Tỉnh Quảng Trị" || qt.Kind != store.KindProvince || !qt.ValidFrom.Equal(date(2025, 7, 1)) || !qt.ValidTo.IsZero() {
		t.Errorf("Unit(44) = %+v", qt)
	}

	// A district office of before the reorganisation.
	old := store.Unit{Code: "PLD-CAMLO", Name: "Phòng LĐ-TB&XH huyện Cam Lộ", Parent: "44", Kind: "phong",
		ValidFrom: date(2010, 1, 1), ValidTo: date(2025, 6, 30)}
	must(t, s.AddUnit(ctx, old))
	wantErr(t, "AddUnit twice", s.AddUnit(ctx, old), store.ErrExists)
	wantErr(t, "AddUnit(no kind)", s.AddUnit(ctx, store.Unit{Code: "X", Name: "X"}), store.ErrInvalid)
	got, err := s.Unit(ctx, "PLD-CAMLO")
	must(t, err)
	if got != old {
		t.Errorf("Unit = %+v, want %+v", got, old)
	}
	for _, tc := range []struct {
		day  time.Time
		want bool
	}{{date(2009, 12, 31), false}, {date(2010, 1, 1), true}, {date(2025, 6, 30), true}, {date(2025, 7, 1), false}} {
		us, err := s.Units(ctx, store.UnitFilter{Kind: "phong", ValidOn: tc.day})
		must(t, err)
		if has := len(us) == 1; has != tc.want {
			t.Errorf("Units(phong, %v) = %v, want it there: %v", tc.day, us, tc.want)
		}
	}
	must(t, s.AddDepartment(ctx, store.Department{Code: "so-noi-vu", Name: "Sở Nội vụ"}))
	_, err = s.AddPeriod(ctx, store.Period{Template: "chi-tieu-chu-yeu", Year: 2025, Department: "so-noi-vu",
		Deadline: deadline, CutOff: date(2025, 12, 31), Units: []string{"44", "PLD-CAMLO"}})
	wantErr(t, "AddPeriod with a unit gone by the cut-off", err, store.ErrNotFound)
	old.ValidTo = time.Time{}
	must(t, s.UpdateUnit(ctx, old))
	_, err = s.AddPeriod(ctx, store.Period{Template: "chi-tieu-chu-yeu", Year: 2025, Department: "so-noi-vu",
		Deadline: deadline, CutOff: date(2025, 12, 31), Units: []string{"44", "PLD-CAMLO"}})
	must(t, err)
	wantErr(t, "UpdateUnit(nope)", s.UpdateUnit(ctx, store.Unit{Code: "NOPE", Name: "x", Kind: "phong"}), store.ErrNotFound)
	_, err = s.Unit(ctx, "NOPE")
	wantErr(t, "Unit(NOPE)", err, store.ErrNotFound)
}

func testPeriods(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	c := newCycle(t, s, 3)
	must(t, s.AddDepartment(ctx, store.Department{Code: "so-y-te", Name: "Sở Y tế"}))
	r, err := s.AddRegime(ctx, store.Regime{Template: "tre-em", Department: "so-y-te", Frequency: store.Quarterly,
		CutOff: "cuối quý", Deadline: "ngày 15 tháng sau", Units: []string{"U002", "U001"}})
	must(t, err)
	got, err := s.Regime(ctx, r.ID)
	must(t, err)
	if got.Frequency != store.Quarterly || got.Deadline != "ngày 15 tháng sau" || !slices.Equal(got.Units, []string{"U001", "U002"}) {
		t.Errorf("Regime = %+v", got)
	}
	_, err = s.AddRegime(ctx, store.Regime{Template: "tre-em", Department: "so-y-te", Frequency: "weekly"})
	wantErr(t, "AddRegime(weekly)", err, store.ErrInvalid)

	q3, err := s.AddPeriod(ctx, store.Period{RegimeID: r.ID, Template: "tre-em", Year: 2025, Frequency: store.Quarterly, Part: 3,
		Department: "so-y-te", Deadline: date(2025, 10, 15), Units: []string{"U002", "U001", "U002"}})
	must(t, err)
	if q3.ID == c.period.ID || !slices.Equal(q3.Units, []string{"U002", "U001"}) {
		t.Errorf("AddPeriod = %+v", q3)
	}
	p, err := s.Period(ctx, q3.ID)
	must(t, err)
	if p.RegimeID != r.ID || p.Part != 3 || p.Frequency != store.Quarterly || !slices.Equal(p.Units, []string{"U001", "U002"}) || !p.CutOff.IsZero() {
		t.Errorf("Period = %+v", p)
	}
	if c.period.Frequency != store.Yearly || c.period.Part != 0 {
		t.Errorf("a period with no frequency = %+v, want yearly", c.period)
	}
	for _, tc := range []struct {
		p    store.Period
		want error
	}{
		{store.Period{Template: "tre-em", Year: 2025, Frequency: store.Quarterly, Part: 3, Department: "so-y-te", Deadline: deadline}, store.ErrExists},
		{store.Period{Template: "tre-em", Year: 2025, Frequency: store.Quarterly, Part: 5, Department: "so-y-te", Deadline: deadline}, store.ErrInvalid},
		{store.Period{Template: "tre-em", Year: 2025, Part: 1, Department: "so-y-te", Deadline: deadline}, store.ErrInvalid},
		{store.Period{Template: "tre-em", Year: 2025, Department: "so-y-te"}, store.ErrInvalid},
		{store.Period{Template: "tre-em", Year: 2025, Department: "so-khac", Deadline: deadline}, store.ErrNotFound},
		{store.Period{Template: "tre-em", Year: 2026, Department: "so-y-te", Deadline: deadline, Units: []string{"NOPE"}}, store.ErrNotFound},
	} {
		_, err := s.AddPeriod(ctx, tc.p)
		wantErr(t, fmt.Sprintf("AddPeriod(%+v)", tc.p), err, tc.want)
	}
	ids := func(f store.PeriodFilter) []int64 {
		ps, err := s.Periods(ctx, f)
		must(t, err)
		var out []int64
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	if got := ids(store.PeriodFilter{}); !slices.Equal(got, []int64{c.period.ID, q3.ID}) {
		t.Errorf("Periods() = %v", got)
	}
	if got := ids(store.PeriodFilter{Unit: "U003"}); !slices.Equal(got, []int64{c.period.ID}) {
		t.Errorf("Periods(U003) = %v", got)
	}
	if got := ids(store.PeriodFilter{Department: "so-y-te", Year: 2025}); !slices.Equal(got, []int64{q3.ID}) {
		t.Errorf("Periods(so-y-te, 2025) = %v", got)
	}
	_, err = s.Period(ctx, 999)
	wantErr(t, "Period(999)", err, store.ErrNotFound)
}

func testVersionsOneUnitConcurrent(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	c := newCycle(t, s, 1)
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := s.AddVersion(ctx, store.NewVersion{PeriodID: c.period.ID, Unit: "U001", UploadedBy: "lan",
				File: []byte(fmt.Sprintf("file %d", i)), Outcome: store.Accepted})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("AddVersion: %v", err)
		}
	}
	vs, err := s.Versions(ctx, c.period.ID, "U001")
	must(t, err)
	receipts := map[string]bool{}
	files := map[string]bool{}
	for i, v := range vs {
		if v.N != i+1 {
			t.Errorf("version %d numbered %d", i+1, v.N)
		}
		receipts[v.Receipt.Number] = true
		files[v.FileSHA256] = true
	}
	if len(vs) != n || len(receipts) != n || len(files) != n {
		t.Errorf("%d versions, %d receipts, %d files; want %d of each", len(vs), len(receipts), len(files), n)
	}
	sub, err := s.Submission(ctx, c.period.ID, "U001")
	must(t, err)
	if sub.Versions != n || sub.State != store.Submitted {
		t.Errorf("Submission = %+v, want %d versions, submitted", sub, n)
	}
}

// uploadAll uploads one version for every unit at once and returns how
// many were refused with ErrBusy; any other error fails the test.
func uploadAll(t testing.TB, s store.Store, c cycle) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	busy := 0
	for _, u := range c.units {
		wg.Go(func() {
			_, err := s.AddVersion(ctx, store.NewVersion{PeriodID: c.period.ID, Unit: u, UploadedBy: "clerk-" + u,
				File: bytes.Repeat([]byte(u), 2000), Annotated: bytes.Repeat([]byte("a"+u), 2000), Outcome: store.ReceivedWithWarnings,
				Warnings: 2, Figures: []byte(`{}`)})
			if errors.Is(err, store.ErrBusy) {
				mu.Lock()
				busy++
				mu.Unlock()
			} else if err != nil {
				t.Errorf("AddVersion(%s): %v", u, err)
			}
		})
	}
	wg.Wait()
	return busy
}

func testVersionsManyUnitsConcurrent(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	c := newCycle(t, s, 200)
	if busy := uploadAll(t, s, c); busy != 0 {
		t.Errorf("%d of 200 uploads refused busy, want none", busy)
	}
	st, err := s.Status(ctx, c.period.ID)
	must(t, err)
	if st.Expected != 200 || st.Submitted != 200 || len(st.Missing) != 0 {
		t.Errorf("Status = %d/%d submitted, %d missing; want 200/200, 0", st.Submitted, st.Expected, len(st.Missing))
	}
	n, err := store.RawInt(ctx, s, `SELECT COUNT(DISTINCT receipt) FROM versions`)
	must(t, err)
	if n != 200 {
		t.Errorf("%d distinct receipts, want 200", n)
	}
}

func testReviewStates(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	c := newCycle(t, s, 2)
	p := c.period.ID
	review := func(action store.ReviewAction, reason string) (store.Submission, error) {
		return s.Review(ctx, store.Review{PeriodID: p, Unit: "U001", Action: action, Reason: reason, By: "mai", ClientAddr: "10.0.0.9"})
	}
	_, err := review(store.Approve, "")
	wantErr(t, "approve with no version", err, store.ErrState)
	_, err = s.Review(ctx, store.Review{PeriodID: p, Unit: "NOPE", Action: store.Approve, By: "mai"})
	wantErr(t, "approve a unit not expected", err, store.ErrNotFound)

	c.upload(t, "U001", deadline.Add(-48*time.Hour), store.Rejected)
	steps := []struct {
		action store.ReviewAction
		reason string
		want   error
		state  store.State
	}{
		{store.Unapprove, "x", store.ErrState, store.Submitted}, // not approved
		{store.Return, "", store.ErrInvalid, store.Submitted},   // no reason
		{store.Return, "Thiếu số liệu dòng 7", nil, store.Returned},
		{store.Return, "again", store.ErrState, store.Returned},
		{store.Unapprove, "x", store.ErrState, store.Returned},
	}
	for _, st := range steps {
		sub, err := review(st.action, st.reason)
		if st.want != nil {
			wantErr(t, string(st.action), err, st.want)
			continue
		}
		if err != nil || sub.State != st.state {
			t.Errorf("%s = %+v, %v; want %s", st.action, sub, err, st.state)
		}
	}
	v2 := c.upload(t, "U001", deadline.Add(-24*time.Hour), store.Accepted)
	sub, err := s.Submission(ctx, p, "U001")
	must(t, err)
	if v2.N != 2 || sub.State != store.Submitted || sub.Reason != "Thiếu số liệu dòng 7" {
		t.Errorf("after a new version: version %d, %+v; want 2, submitted with the last reason", v2.N, sub)
	}
	if sub, err := review(store.Approve, ""); err != nil || sub.State != store.Approved || sub.Versions != 2 {
		t.Errorf("approve = %+v, %v", sub, err)
	}
	_, err = review(store.Approve, "")
	wantErr(t, "approve twice", err, store.ErrState)
	_, err = review(store.Return, "late")
	wantErr(t, "return when approved", err, store.ErrState)
	_, err = s.AddVersion(ctx, store.NewVersion{PeriodID: p, Unit: "U001", UploadedBy: "lan", File: []byte("v3"), Outcome: store.Accepted})
	wantErr(t, "AddVersion when approved", err, store.ErrLocked)
	_, err = review(store.Unapprove, "")
	wantErr(t, "unapprove with no reason", err, store.ErrInvalid)
	if sub, err := review(store.Unapprove, "Sai số liệu năm trước"); err != nil || sub.State != store.Unapproved || sub.Reason != "Sai số liệu năm trước" {
		t.Errorf("unapprove = %+v, %v", sub, err)
	}
	v3 := c.upload(t, "U001", deadline.Add(time.Hour), store.Accepted)
	if v3.N != 3 {
		t.Errorf("version after unapprove numbered %d, want 3", v3.N)
	}
	if sub, err := review(store.Approve, ""); err != nil || sub.State != store.Approved {
		t.Errorf("approve again = %+v, %v", sub, err)
	}
	vs, err := s.Versions(ctx, p, "U001")
	must(t, err)
	if len(vs) != 3 {
		t.Fatalf("%d versions, want 3", len(vs))
	}
	if vs[0].Outcome != store.Rejected || vs[2].Outcome != store.Accepted {
		t.Errorf("outcomes %s, %s", vs[0].Outcome, vs[2].Outcome)
	}

	history, err := s.Reviews(ctx, p, "U001")
	must(t, err)
	var got []string
	for _, r := range history {
		got = append(got, fmt.Sprintf("%s v%d %s by %s", r.Action, r.N, r.Reason, r.By))
	}
	want := []string{"return v1 Thiếu số liệu dòng 7 by mai", "approve v2  by mai", "unapprove v2 Sai số liệu năm trước by mai", "approve v3  by mai"}
	if !slices.Equal(got, want) {
		t.Errorf("Reviews =\n%q\nwant\n%q", got, want)
	}
	approved, err := s.ApprovedVersions(ctx, p)
	must(t, err)
	if len(approved) != 1 || approved[0].Unit != "U001" || approved[0].N != 3 {
		t.Errorf("ApprovedVersions = %+v", approved)
	}
	entries, err := s.Audit(ctx, store.AuditFilter{Actor: "mai"})
	must(t, err)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action+" "+e.Object+" "+e.ClientAddr)
	}
	obj := fmt.Sprintf("period/%d/unit/U001 10.0.0.9", p)
	if want := []string{"return " + obj, "approve " + obj, "unapprove " + obj, "approve " + obj}; !slices.Equal(actions, want) {
		t.Errorf("audit of the reviews = %q, want %q", actions, want)
	}
}

func testReceiptsAndBlobs(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	c := newCycle(t, s, 2)
	file := []byte("the same workbook")
	add := func(unit string) store.Version {
		v, err := s.AddVersion(ctx, store.NewVersion{PeriodID: c.period.ID, Unit: unit, UploadedBy: "lan", File: file,
			Outcome: store.RejectedTechnical, Errors: 1, Findings: []byte(`[{"code":"not-a-workbook"}]`)})
		must(t, err)
		return v
	}
	v1, v2, v3 := add("U001"), add("U001"), add("U002")
	numbers := []string{v1.Receipt.Number, v2.Receipt.Number, v3.Receipt.Number}
	if want := []string{"2024-000001", "2024-000002", "2024-000003"}; !slices.Equal(numbers, want) {
		t.Errorf("receipts %q, want %q", numbers, want)
	}
	r, err := s.Receipt(ctx, "2024-000002")
	must(t, err)
	want := store.Receipt{Number: "2024-000002", PeriodID: c.period.ID, Unit: "U001", N: 2, ReceivedAt: v2.ReceivedAt,
		SHA256: fmt.Sprintf("%x", sha256.Sum256(file)), Outcome: store.RejectedTechnical}
	if r != want {
		t.Errorf("Receipt = %+v, want %+v", r, want)
	}
	if len(v1.FileSHA256) != 64 || v1.FileSHA256 != v3.FileSHA256 || v1.AnnotatedSHA256 != "" || v1.FileSize != int64(len(file)) {
		t.Errorf("version = %+v", v1)
	}
	n, err := store.RawInt(ctx, s, `SELECT COUNT(*) FROM blobs`)
	must(t, err)
	if n != 1 {
		t.Errorf("%d blobs for one file uploaded three times, want 1", n)
	}
	b, err := s.Blob(ctx, v1.FileSHA256)
	if err != nil || !bytes.Equal(b, file) {
		t.Errorf("Blob = %q, %v", b, err)
	}
	_, err = s.Blob(ctx, strings.Repeat("0", 64))
	wantErr(t, "Blob(zeros)", err, store.ErrNotFound)
	_, err = s.Receipt(ctx, "2024-999999")
	wantErr(t, "Receipt(unknown)", err, store.ErrNotFound)

	// A period of another year numbers from 1; the annotated workbook is a
	// blob of its own.
	p25, err := s.AddPeriod(ctx, store.Period{Template: "chi-tieu-chu-yeu", Year: 2025, Department: "so-noi-vu", Deadline: deadline.AddDate(1, 0, 0), Units: c.units})
	must(t, err)
	v, err := s.AddVersion(ctx, store.NewVersion{PeriodID: p25.ID, Unit: "U001", UploadedBy: "lan", File: file, Annotated: []byte("marked"), Outcome: store.Accepted})
	must(t, err)
	if v.Receipt.Number != "2025-000001" || v.N != 1 {
		t.Errorf("first receipt of 2025 = %s (version %d)", v.Receipt.Number, v.N)
	}
	if b, err := s.Blob(ctx, v.AnnotatedSHA256); err != nil || string(b) != "marked" {
		t.Errorf("annotated Blob = %q, %v", b, err)
	}
	if n, _ := store.RawInt(ctx, s, `SELECT COUNT(*) FROM blobs`); n != 2 {
		t.Errorf("%d blobs, want 2", n)
	}
	_, err = s.AddVersion(ctx, store.NewVersion{PeriodID: c.period.ID, Unit: "U003", UploadedBy: "lan", File: file, Outcome: store.Accepted})
	wantErr(t, "AddVersion(unit not expected)", err, store.ErrNotFound)
	_, err = s.AddVersion(ctx, store.NewVersion{PeriodID: 999, Unit: "U001", UploadedBy: "lan", File: file, Outcome: store.Accepted})
	wantErr(t, "AddVersion(no period)", err, store.ErrNotFound)
	_, err = s.AddVersion(ctx, store.NewVersion{PeriodID: c.period.ID, Unit: "U001", UploadedBy: "lan", File: file, Outcome: "fine"})
	wantErr(t, "AddVersion(bad outcome)", err, store.ErrInvalid)
	if n, _ := store.RawInt(ctx, s, `SELECT COUNT(*) FROM versions`); n != 4 {
		t.Errorf("%d versions after the refusals, want 4", n)
	}
}

func testStatus(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	c := newCycle(t, s, 5)
	// U005 is renamed so that the missing units sort by name, not code.
	must(t, s.UpdateUnit(ctx, store.Unit{Code: "U005", Name: "Đơn vị 0", Kind: "phong"}))
	c.upload(t, "U001", deadline.Add(-time.Hour), store.Accepted)  // on time
	c.upload(t, "U002", deadline, store.ReceivedWithWarnings)      // at the deadline: on time
	c.upload(t, "U003", deadline.Add(time.Second), store.Rejected) // late
	c.upload(t, "U001", deadline.Add(time.Hour), store.Rejected)   // a late second version: still on time
	_, err := s.Review(ctx, store.Review{PeriodID: c.period.ID, Unit: "U003", Action: store.Approve, By: "mai"})
	must(t, err)

	st, err := s.Status(ctx, c.period.ID)
	must(t, err)
	if st.Expected != 5 || st.Submitted != 3 || st.OnTime != 2 || st.Approved != 1 {
		t.Errorf("Status counts expected %d, submitted %d, on time %d, approved %d; want 5, 3, 2, 1",
			st.Expected, st.Submitted, st.OnTime, st.Approved)
	}
	var got []string
	for _, u := range st.Units {
		got = append(got, fmt.Sprintf("%s %s %s %s v%d %v %s", u.Code, u.Name, u.State, u.Outcome, u.Versions, u.OnTime, u.ReceivedAt.Format(time.RFC3339)))
	}
	want := []string{
		"U001 Đơn vị 1 submitted rejected v2 true 2025-01-15T18:00:00Z",
		"U002 Đơn vị 2 submitted received-with-warnings v1 true 2025-01-15T17:00:00Z",
		"U003 Đơn vị 3 approved rejected v1 false 2025-01-15T17:00:01Z",
		"U004 Đơn vị 4   v0 false 0001-01-01T00:00:00Z",
		"U005 Đơn vị 0   v0 false 0001-01-01T00:00:00Z",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Status units =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(st.Missing) != 2 || st.Missing[0].Name != "Đơn vị 0" || st.Missing[1].Name != "Đơn vị 4" {
		t.Errorf("Missing = %+v, want Đơn vị 0 then Đơn vị 4", st.Missing)
	}
	_, err = s.Status(ctx, 999)
	wantErr(t, "Status(999)", err, store.ErrNotFound)
}

func testPriorFigures(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	c24 := newCycle(t, s, 2)
	p25, err := s.AddPeriod(ctx, store.Period{Template: "chi-tieu-chu-yeu", Year: 2025, Department: "so-noi-vu", Deadline: deadline.AddDate(1, 0, 0), Units: c24.units})
	must(t, err)
	other, err := s.AddPeriod(ctx, store.Period{Template: "tre-em", Year: 2024, Department: "so-noi-vu", Deadline: deadline, Units: c24.units})
	must(t, err)
	for _, f := range []string{`{"VL_MOI":{"actual":2400}}`, `{"VL_MOI":{"actual":2515}}`} {
		_, err := s.AddVersion(ctx, store.NewVersion{PeriodID: c24.period.ID, Unit: "U001", UploadedBy: "lan", File: []byte(f), Outcome: store.Accepted, Figures: []byte(f)})
		must(t, err)
	}
	_, err = s.AddVersion(ctx, store.NewVersion{PeriodID: other.ID, Unit: "U002", UploadedBy: "lan", File: []byte("x"), Outcome: store.Accepted, Figures: []byte(`{"other":1}`)})
	must(t, err)
	_, err = s.Review(ctx, store.Review{PeriodID: other.ID, Unit: "U002", Action: store.Approve, By: "mai"})
	must(t, err)

	prior, err := s.PriorFigures(ctx, p25.ID, "U001")
	if err != nil || prior != nil {
		t.Errorf("PriorFigures before approval = %+v, %v; want nil", prior, err)
	}
	_, err = s.Review(ctx, store.Review{PeriodID: c24.period.ID, Unit: "U001", Action: store.Approve, By: "mai"})
	must(t, err)
	prior, err = s.PriorFigures(ctx, p25.ID, "U001")
	must(t, err)
	if prior == nil || prior.Period.ID != c24.period.ID || prior.Period.Year != 2024 || prior.N != 2 || string(prior.Figures) != `{"VL_MOI":{"actual":2515}}` {
		t.Errorf("PriorFigures = %+v", prior)
	}
	// U002 approved only another template's 2024 report.
	if prior, err := s.PriorFigures(ctx, p25.ID, "U002"); err != nil || prior != nil {
		t.Errorf("PriorFigures(U002) = %+v, %v; want nil", prior, err)
	}
	// 2024 has no 2023 before it.
	if prior, err := s.PriorFigures(ctx, c24.period.ID, "U001"); err != nil || prior != nil {
		t.Errorf("PriorFigures(2024) = %+v, %v; want nil", prior, err)
	}
	_, err = s.Review(ctx, store.Review{PeriodID: c24.period.ID, Unit: "U001", Action: store.Unapprove, Reason: "sai", By: "mai"})
	must(t, err)
	if prior, err := s.PriorFigures(ctx, p25.ID, "U001"); err != nil || prior != nil {
		t.Errorf("PriorFigures after unapprove = %+v, %v; want nil", prior, err)
	}
	_, err = s.PriorFigures(ctx, 999, "U001")
	wantErr(t, "PriorFigures(999)", err, store.ErrNotFound)
}

func testAudit(t *testing.T, fresh freshDB) {
	s := open(t, fresh(t))
	t0 := time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)
	for i, e := range []store.AuditEntry{
		{At: t0, Actor: "admin", Action: "user-add", Object: "user/lan", Detail: "clerk of U001", ClientAddr: "10.0.0.1"},
		{At: t0.Add(time.Minute), Actor: "lan", Action: "login", Object: "user/lan", ClientAddr: "10.0.0.2"},
		{At: t0.Add(2 * time.Minute), Actor: "lan", Action: "download", Object: "period/1/unit/U001/versions/1/file", Detail: `=HYPERLINK("x"), "quoted"`, ClientAddr: "10.0.0.2"},
		{At: t0.Add(3 * time.Minute), Actor: "admin", Action: "login", Object: "user/admin", ClientAddr: "10.0.0.1"},
	} {
		got, err := s.Append(ctx, e)
		must(t, err)
		if got.ID != int64(i+1) {
			t.Errorf("entry %d got ID %d", i+1, got.ID)
		}
	}
	_, err := s.Append(ctx, store.AuditEntry{Actor: "x"})
	wantErr(t, "Append(no action)", err, store.ErrInvalid)
	ids := func(f store.AuditFilter) []int64 {
		t.Helper()
		es, err := s.Audit(ctx, f)
		must(t, err)
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for _, tc := range []struct {
		f    store.AuditFilter
		want []int64
	}{
		{store.AuditFilter{}, []int64{1, 2, 3, 4}},
		{store.AuditFilter{Actor: "lan"}, []int64{2, 3}},
		{store.AuditFilter{Action: "login"}, []int64{2, 4}},
		{store.AuditFilter{From: t0.Add(time.Minute), To: t0.Add(3 * time.Minute)}, []int64{2, 3}},
		{store.AuditFilter{Actor: "admin", From: t0.Add(time.Second)}, []int64{4}},
		{store.AuditFilter{AfterID: 1, Limit: 2}, []int64{2, 3}},
	} {
		if got := ids(tc.f); !slices.Equal(got, tc.want) {
			t.Errorf("Audit(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
	if err := store.RawExec(ctx, s, `UPDATE audit_log SET actor = 'eve' WHERE id = 1`); err == nil {
		t.Error("UPDATE of the audit log succeeded")
	}
	if err := store.RawExec(ctx, s, `DELETE FROM audit_log WHERE id = 2`); err == nil {
		t.Error("DELETE from the audit log succeeded")
	}
	if err := store.RawExec(ctx, s, `TRUNCATE audit_log`); err == nil { // PostgreSQL's trigger; SQLite has no TRUNCATE
		t.Error("TRUNCATE of the audit log succeeded")
	}
	if got := ids(store.AuditFilter{Actor: "admin"}); !slices.Equal(got, []int64{1, 4}) {
		t.Errorf("after the refused changes: admin's entries %v, want [1 4]", got)
	}

	es, err := s.Audit(ctx, store.AuditFilter{Actor: "lan"})
	must(t, err)
	var b strings.Builder
	must(t, store.WriteCSV(&b, es))
	want := "id,at,actor,action,object,detail,client_addr\n" +
		"2,2025-01-10T09:01:00.000000Z,lan,login,user/lan,,10.0.0.2\n" +
		`3,2025-01-10T09:02:00.000000Z,lan,download,period/1/unit/U001/versions/1/file,"'=HYPERLINK(""x""), ""quoted""",10.0.0.2` + "\n"
	if b.String() != want {
		t.Errorf("WriteCSV =\n%s\nwant\n%s", b.String(), want)
	}
}
