package testserver

import (
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// authCookie is the session cookie login sets (§1.2, §4.1).
const authCookie = "internal_auth_session"

// authenticate is AuthMiddleware (§1.3): a present but wrong credential is 401 at once;
// no credential at all yields no user and lets the handler decide.
func (s *Server) authenticate(r *http.Request) (*user, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, cred, _ := strings.Cut(strings.TrimSpace(h), " ")
		cred = strings.TrimSpace(cred)
		switch strings.ToLower(scheme) {
		case "bearer": // jwt_token comes first in the security list
			return s.userByToken(cred)
		case "basic":
			raw, err := base64.StdEncoding.DecodeString(cred)
			if err != nil {
				return nil, errUnauthenticated
			}
			key, secret, ok := strings.Cut(string(raw), ":")
			if !ok {
				return nil, errUnauthenticated
			}
			return s.userByKey(key, secret)
		}
	}
	if ck, err := r.Cookie(authCookie); err == nil && ck.Value != "" {
		return s.userByToken(ck.Value)
	}
	return nil, nil
}

// userByKey checks an access key pair. Caller holds s.mu.
func (s *Server) userByKey(key, secret string) (*user, error) {
	cr := s.st.creds[key]
	if cr == nil || cr.SecretAccessKey != secret {
		return nil, errUnauthenticated
	}
	u := s.st.users[cr.UserID]
	if u == nil {
		return nil, errUnauthenticated
	}
	return u, nil
}

func (s *Server) userByToken(tok string) (*user, error) {
	t, ok := s.st.tokens[tok]
	if !ok || time.Now().After(t.Expires) {
		return nil, errUnauthenticated
	}
	u := s.st.users[t.UserID]
	if u == nil {
		return nil, errUnauthenticated
	}
	return u, nil
}

// issueToken creates an opaque bearer token; clients must not parse it (§4.1). Caller holds s.mu.
func (s *Server) issueToken(userID string, ttl time.Duration) (string, int64) {
	tok := hex.EncodeToString(s.randBytes(32))
	exp := time.Now().Add(ttl)
	s.st.tokens[tok] = token{UserID: userID, Expires: exp}
	return tok, exp.Unix()
}

// login: no body at all is 401; {} was already refused by validation (§4.1).
func (s *Server) login(c *reqCtx) error {
	if !c.hasBody {
		return errUnauthenticated
	}
	key, _ := c.bStr("access_key_id")
	secret, _ := c.bStr("secret_access_key")
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.userByKey(key, secret)
	if err != nil {
		return err
	}
	tok, exp := s.issueToken(u.ID, s.opts.TokenTTL)
	http.SetCookie(c.w, &http.Cookie{Name: authCookie, Value: tok, Path: "/", MaxAge: 2592000, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	writeJSON(c.w, http.StatusOK, map[string]any{"token": tok, "token_expiration": exp})
	return nil
}

// getCurrentUser answers 200 with an empty user when unauthenticated (§4.2).
func (s *Server) getCurrentUser(c *reqCtx) error {
	if c.user == nil {
		writeJSON(c.w, http.StatusOK, map[string]any{"user": map[string]any{"creation_date": 0, "id": ""}})
		return nil
	}
	s.mu.Lock()
	u := *c.user
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, map[string]any{"user": userJSON(&u)})
	return nil
}
