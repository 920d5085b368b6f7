package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters of new hashes: OWASP's first choice (19 MiB, 2
// passes, 1 thread), about 30 ms here. Each hash says its own, so they can
// be raised later without breaking the old ones.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// hashPassword returns the PHC string of a password's argon2id hash:
// $argon2id$v=19$m=19456,t=2,p=1$salt$key.
func hashPassword(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// passwordMatches says whether a password is the one of a PHC argon2id
// hash.
func passwordMatches(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummyHash is checked against for a login that does not exist, so that
// it takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() string { return hashPassword(rand.Text()) })

// secretHash is how tokens and session tokens are kept: they are random
// (130 bits), so a plain sha256 is enough.
func secretHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func checkUser(u User) error {
	if strings.TrimSpace(u.Login) == "" {
		return invalid("a user needs a login")
	}
	switch u.Role {
	case RoleAdmin:
	case RoleReviewer:
		if u.Department == "" {
			return invalid("reviewer %s needs a department", u.Login)
		}
	case RoleClerk:
		if u.Unit == "" {
			return invalid("clerk %s needs a unit", u.Login)
		}
	default:
		return invalid("role %q: want admin, reviewer or clerk", u.Role)
	}
	return nil
}

func (s *sqlStore) AddUser(ctx context.Context, u User, password string) (User, error) {
	if err := checkUser(u); err != nil {
		return User{}, err
	}
	if password == "" {
		return User{}, invalid("user %s: empty password", u.Login)
	}
	u.CreatedAt = now()
	_, err := s.conn().exec(ctx, `INSERT INTO users (login, role, unit, department, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		u.Login, string(u.Role), nullText(u.Unit), nullText(u.Department), hashPassword(password), s.dialect.time(u.CreatedAt))
	if err != nil {
		return User{}, fmt.Errorf("user %s: %w", u.Login, err)
	}
	return u, nil
}

const userColumns = `u.login, u.role, u.unit, u.department, u.created_at`

func scanUser(sc interface{ Scan(...any) error }, extra ...any) (User, error) {
	var u User
	var role string
	err := sc.Scan(append([]any{&u.Login, &role, textCol{&u.Unit}, textCol{&u.Department}, timeCol{&u.CreatedAt}}, extra...)...)
	u.Role = Role(role)
	return u, err
}

func (s *sqlStore) User(ctx context.Context, login string) (User, error) {
	rows, err := s.conn().query(ctx, `SELECT `+userColumns+` FROM users u WHERE u.login = ?`, login)
	if err != nil {
		return User{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return User{}, err
		}
		return User{}, notFoundf("user %s", login)
	}
	return scanUser(rows)
}

func (s *sqlStore) Users(ctx context.Context) ([]User, error) {
	rows, err := s.conn().query(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.login`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *sqlStore) SetPassword(ctx context.Context, login, password string) error {
	if password == "" {
		return invalid("user %s: empty password", login)
	}
	r, err := s.conn().exec(ctx, `UPDATE users SET password_hash = ? WHERE login = ?`, hashPassword(password), login)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return notFoundf("user %s", login)
	}
	return nil
}

func (s *sqlStore) CheckPassword(ctx context.Context, login, password string) (User, error) {
	rows, err := s.conn().query(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.login = ?`, login)
	if err != nil {
		return User{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return User{}, err
		}
		passwordMatches(dummyHash(), password)
		return User{}, ErrBadCredentials
	}
	var hash string
	u, err := scanUser(rows, &hash)
	if err != nil {
		return User{}, err
	}
	if !passwordMatches(hash, password) {
		return User{}, ErrBadCredentials
	}
	return u, nil
}

func (s *sqlStore) AddToken(ctx context.Context, login, name string) (string, Token, error) {
	plain := "ct_" + rand.Text()
	t := Token{Login: login, Name: name, CreatedAt: now()}
	err := s.conn().row(ctx, `INSERT INTO tokens (login, name, hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		[]any{login, name, secretHash(plain), s.dialect.time(t.CreatedAt)}, &t.ID)
	if err != nil {
		return "", Token{}, fmt.Errorf("token of %s: %w", login, err)
	}
	return plain, t, nil
}

func (s *sqlStore) TokenUser(ctx context.Context, token string) (User, error) {
	rows, err := s.conn().query(ctx, `SELECT `+userColumns+` FROM tokens t JOIN users u ON u.login = t.login WHERE t.hash = ?`, secretHash(token))
	if err != nil {
		return User{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return User{}, err
		}
		return User{}, notFoundf("token")
	}
	return scanUser(rows)
}

func (s *sqlStore) Tokens(ctx context.Context, login string) ([]Token, error) {
	rows, err := s.conn().query(ctx, `SELECT id, login, name, created_at FROM tokens WHERE login = ? ORDER BY id`, login)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		if err := rows.Scan(&t.ID, &t.Login, &t.Name, timeCol{&t.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *sqlStore) DeleteToken(ctx context.Context, id int64) error {
	r, err := s.conn().exec(ctx, `DELETE FROM tokens WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return notFoundf("token %d", id)
	}
	return nil
}

func (s *sqlStore) AddSession(ctx context.Context, login string, expires time.Time) (string, Session, error) {
	plain := rand.Text()
	sess := Session{Login: login, CSRF: rand.Text(), CreatedAt: now(), ExpiresAt: stamp(expires)}
	_, err := s.conn().exec(ctx, `INSERT INTO sessions (hash, login, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		secretHash(plain), login, sess.CSRF, s.dialect.time(sess.CreatedAt), s.dialect.time(sess.ExpiresAt))
	if err != nil {
		return "", Session{}, fmt.Errorf("session of %s: %w", login, err)
	}
	return plain, sess, nil
}

func (s *sqlStore) SessionUser(ctx context.Context, token string, now time.Time) (User, Session, error) {
	c := s.conn()
	rows, err := c.query(ctx, `SELECT `+userColumns+`, x.csrf, x.created_at, x.expires_at FROM sessions x JOIN users u ON u.login = x.login
		WHERE x.hash = ? AND x.expires_at > ?`, secretHash(token), c.time(now))
	if err != nil {
		return User{}, Session{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return User{}, Session{}, err
		}
		return User{}, Session{}, notFoundf("session")
	}
	var sess Session
	u, err := scanUser(rows, &sess.CSRF, timeCol{&sess.CreatedAt}, timeCol{&sess.ExpiresAt})
	sess.Login = u.Login
	return u, sess, err
}

func (s *sqlStore) DeleteSession(ctx context.Context, token string, now time.Time) error {
	return s.write(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM sessions WHERE hash = ?`, secretHash(token)); err != nil {
			return err
		}
		_, err := c.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, c.time(now))
		return err
	})
}

func (s *sqlStore) AddLoginFailure(ctx context.Context, login, clientAddr string, at time.Time) error {
	_, err := s.conn().exec(ctx, `INSERT INTO login_failures (login, client_addr, at) VALUES (?, ?, ?)`, login, clientAddr, s.dialect.time(stamp(at)))
	return err
}

func (s *sqlStore) LoginFailures(ctx context.Context, login, clientAddr string, since time.Time) (int, error) {
	c := s.conn()
	q := `SELECT COUNT(*) FROM login_failures WHERE at >= ?`
	args := []any{c.time(stamp(since))}
	if login != "" {
		q += ` AND login = ?`
		args = append(args, login)
	}
	if clientAddr != "" {
		q += ` AND client_addr = ?`
		args = append(args, clientAddr)
	}
	var n int
	err := c.row(ctx, q, args, &n)
	return n, err
}

func (s *sqlStore) PruneLoginFailures(ctx context.Context, before time.Time) error {
	_, err := s.conn().exec(ctx, `DELETE FROM login_failures WHERE at < ?`, s.dialect.time(stamp(before)))
	return err
}
