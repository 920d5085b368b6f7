package server

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"chitieu/internal/store"

	"github.com/gin-gonic/gin"
)

// Accounts. The API signs in with a bearer token (an API token from
// `chitieu token add`, or the token POST /api/v1/sessions answers); the
// page with the session cookie, HttpOnly and SameSite=Strict, and every
// request that changes something with the session's CSRF token in the
// X-CSRF-Token header. Sign-in failures are counted in the store, by
// login and by client address, so that the limit holds across replicas.

const (
	sessionCookie = "chitieu_session"
	csrfHeader    = "X-CSRF-Token"
	// sessionLife is how long a sign-in lasts.
	sessionLife = 12 * time.Hour
	// maxFailures sign-in failures within failureWindow for one login, or
	// maxAddrFailures from one address (an office's clerks may share one
	// behind its router), make the next attempts wait (429).
	maxFailures     = 5
	maxAddrFailures = 30
	failureWindow   = 15 * time.Minute
)

var (
	errSignIn         = errors.New("server: not signed in")
	errBadCredentials = errors.New("server: wrong login or password")
	errTooManyTries   = errors.New("server: too many sign-in failures")
	errForbidden      = errors.New("server: not allowed")
	errCSRF           = errors.New("server: missing or wrong CSRF token")
)

const userKey = "chitieu.user"

// account is who made the request, once signedIn has run.
func account(c *gin.Context) store.User {
	u, _ := c.Get(userKey)
	user, _ := u.(store.User)
	return user
}

// stateless guards the stateless checks: open, unless the service is
// private, when they need a signed-in account like the cycle's routes.
func (s *Server) stateless(c *gin.Context) {
	if s.private {
		s.signedIn(c)
		return
	}
	c.Next()
}

// signedIn lets the request through only with a valid bearer token or
// session cookie; a cookie's request that changes something needs its
// CSRF token too.
func (s *Server) signedIn(c *gin.Context) {
	if s.store == nil {
		s.fail(c, errNotFound)
		c.Abort()
		return
	}
	user, err := s.authenticate(c)
	if err != nil {
		s.fail(c, err)
		c.Abort()
		return
	}
	c.Set(userKey, user)
	c.Next()
}

func (s *Server) authenticate(c *gin.Context) (store.User, error) {
	ctx := c.Request.Context()
	if h := c.GetHeader("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			return store.User{}, errSignIn
		}
		if u, err := s.store.TokenUser(ctx, token); err == nil {
			return u, nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return store.User{}, err
		}
		u, _, err := s.store.SessionUser(ctx, token, time.Now())
		if errors.Is(err, store.ErrNotFound) {
			return store.User{}, errSignIn
		}
		return u, err
	}
	cookie, err := c.Cookie(sessionCookie)
	if err != nil || cookie == "" {
		return store.User{}, errSignIn
	}
	u, sess, err := s.store.SessionUser(ctx, cookie, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, errSignIn
	}
	if err != nil {
		return store.User{}, err
	}
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		if got := c.GetHeader(csrfHeader); subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) != 1 {
			return store.User{}, errCSRF
		}
	}
	return u, nil
}

// SessionAnswer is the answer of POST /api/v1/sessions.
type SessionAnswer struct {
	Token     string     `json:"token"`
	CSRF      string     `json:"csrf"`
	ExpiresAt time.Time  `json:"expires_at"`
	User      UserAnswer `json:"user"`
}

// UserAnswer is an account as the API shows it (never its password).
type UserAnswer struct {
	Login      string `json:"login"`
	Role       string `json:"role"`
	Unit       string `json:"unit,omitempty"`
	Department string `json:"department,omitempty"`
}

func userAnswer(u store.User) UserAnswer {
	return UserAnswer{Login: u.Login, Role: string(u.Role), Unit: u.Unit, Department: u.Department}
}

// signIn checks a login and password: {token, csrf} and the cookie, or
// 401 bad-credentials, or 429 when the login or the address has failed
// too often lately.
func (s *Server) signIn(c *gin.Context) {
	if s.store == nil {
		s.fail(c, errNotFound)
		return
	}
	var in struct {
		Login    string `json:"login" binding:"required,max=100"`
		Password string `json:"password" binding:"required,max=200"`
	}
	if err := c.ShouldBindJSON(&in); err != nil {
		s.fail(c, errBadCredentials)
		return
	}
	ctx, now, addr := c.Request.Context(), time.Now(), c.ClientIP()
	perLogin, err := s.store.LoginFailures(ctx, in.Login, "", now.Add(-failureWindow))
	if err != nil {
		s.fail(c, err)
		return
	}
	perAddr, err := s.store.LoginFailures(ctx, "", addr, now.Add(-failureWindow))
	if err != nil {
		s.fail(c, err)
		return
	}
	if perLogin >= maxFailures || perAddr >= maxAddrFailures {
		s.audit(c, in.Login, "login-refused", "user/"+in.Login, "too many failures")
		s.fail(c, errTooManyTries)
		return
	}
	u, err := s.store.CheckPassword(ctx, in.Login, in.Password)
	if errors.Is(err, store.ErrBadCredentials) {
		if err := s.store.AddLoginFailure(ctx, in.Login, addr, now); err != nil {
			s.fail(c, err)
			return
		}
		s.audit(c, in.Login, "login-failed", "user/"+in.Login, "")
		s.fail(c, errBadCredentials)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	token, sess, err := s.store.AddSession(ctx, u.Login, now.Add(sessionLife))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, u.Login, "login", "user/"+u.Login, "")
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: c.Request.TLS != nil, Expires: sess.ExpiresAt})
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, SessionAnswer{Token: token, CSRF: sess.CSRF, ExpiresAt: sess.ExpiresAt, User: userAnswer(u)})
}

// signOut ends the session of the cookie or bearer token.
func (s *Server) signOut(c *gin.Context) {
	token, _ := c.Cookie(sessionCookie)
	if h, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer "); ok {
		token = h
	}
	if token != "" {
		if err := s.store.DeleteSession(c.Request.Context(), token, time.Now()); err != nil && !errors.Is(err, store.ErrNotFound) {
			s.fail(c, err)
			return
		}
	}
	u := account(c)
	s.audit(c, u.Login, "logout", "user/"+u.Login, "")
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	c.Status(http.StatusNoContent)
}

func (s *Server) me(c *gin.Context) { c.JSON(http.StatusOK, userAnswer(account(c))) }

// audit appends to the audit log; a failure is logged, never the
// answer's (the action itself is done).
func (s *Server) audit(c *gin.Context, actor, action, object, detail string) {
	_, err := s.store.Append(c.Request.Context(), store.AuditEntry{Actor: actor, Action: action, Object: object, Detail: detail, ClientAddr: c.ClientIP()})
	if err != nil {
		s.log.ErrorContext(c, "audit", "action", action, "error", err.Error())
	}
}

// only lets the request through for the roles given (403 otherwise).
func only(s *Server, roles ...store.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		r := account(c).Role
		for _, want := range roles {
			if r == want {
				c.Next()
				return
			}
		}
		s.fail(c, errForbidden)
		c.Abort()
	}
}
