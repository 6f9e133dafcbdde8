package testserver

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/awsidentity"
)

// The enterprise edition's logins (contract §4.3, §4.4). The double cannot call AWS or an OIDC provider, so
// tests register what those would answer: which principal ARN an AWS access key id belongs to, and which user
// an OIDC code stands for.

func init() {
	registerEditionHandler(EditionEnterprise, "externalPrincipalLogin", (*Server).externalPrincipalLogin)
	registerEditionHandler(EditionEnterprise, "stsLogin", (*Server).stsLogin)
}

// loginRegistry lives in state (guarded by Server.mu); its maps are created on first use.
type loginRegistry struct {
	awsKeys   map[string]awsIdentity // AWS access key id → what STS GetCallerIdentity would answer
	oidcCodes map[string]oidcCode
	issued    []string // tokens handed out by the logins, for tests that check where tokens end up
}

type awsIdentity struct{ principalARN, userID string }

type oidcCode struct{ state, redirectURI, userID string }

const (
	// loginMaxDuration is auth.login_max_duration (§4.3).
	loginMaxDuration = 14 * 24 * time.Hour
	stsDefaultTTL    = 3600 * time.Second
	stsMaxTTL        = 43200 * time.Second
	lakeFSServerIDHd = "x-lakefs-server-id"
	// clockSkew tolerates a presign date slightly in the future, as STS does.
	clockSkew = 5 * time.Minute
)

// RegisterAWSIdentity makes externalPrincipalLogin accept identity tokens signed with accessKeyID: STS would
// answer principalARN, and that principal is attached to userID (created when missing). An empty userID
// registers a principal no user has, which lakeFS answers with 404.
func (s *Server) RegisterAWSIdentity(accessKeyID, principalARN, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.logins.awsKeys == nil {
		s.st.logins.awsKeys = map[string]awsIdentity{}
	}
	s.st.logins.awsKeys[accessKeyID] = awsIdentity{principalARN: principalARN, userID: userID}
	s.ensureUser(userID)
}

// RegisterOIDCCode makes stsLogin accept this code, state and redirect URI for userID (created when missing).
// The double accepts a code again until it is registered anew; an identity provider may allow one use only.
func (s *Server) RegisterOIDCCode(code, state, redirectURI, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.logins.oidcCodes == nil {
		s.st.logins.oidcCodes = map[string]oidcCode{}
	}
	s.st.logins.oidcCodes[code] = oidcCode{state: state, redirectURI: redirectURI, userID: userID}
	s.ensureUser(userID)
}

// LoginTokens returns every token externalPrincipalLogin and stsLogin issued, oldest first, so tests can check
// that none of them was written where it must not be (state, plan, logs).
func (s *Server) LoginTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.st.logins.issued...)
}

// ensureUser creates a user without credentials. Caller holds s.mu.
func (s *Server) ensureUser(id string) {
	if id != "" && s.st.users[id] == nil {
		s.st.users[id] = &user{ID: id, CreationDate: time.Now().Unix()}
	}
}

var (
	// The remote authenticator's 401 and 403 as lakeFS maps them (§4.3).
	errInvalidTokenFormat = &apiError{http.StatusUnauthorized, "invalid token format"}
	errSessionExpired     = &apiError{http.StatusForbidden, "session expired"}
)

// externalPrincipalLogin checks what a real authenticator can check without calling STS: the token decodes,
// describes a presigned GetCallerIdentity with the lakeFS server id signed in, and is still fresh.
func (s *Server) externalPrincipalLogin(c *reqCtx) error {
	req, _ := c.body["identityRequest"].(map[string]any)
	encoded, _ := req["identity_token"].(string)
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if encoded == "" || err != nil {
		return errInvalidTokenFormat
	}
	var tok awsidentity.Token
	if err := json.Unmarshal(raw, &tok); err != nil {
		return errInvalidTokenFormat
	}
	s.recordSecret(encoded)
	s.recordSecret(tok.Signature)
	if tok.Action != "GetCallerIdentity" || tok.Method != http.MethodPost || tok.Algorithm != "AWS4-HMAC-SHA256" ||
		!strings.HasPrefix(tok.Host, "sts.") || tok.Signature == "" || tok.AccessKeyID == "" ||
		!slices.Contains(tok.SignedHeaders, "host") || !slices.Contains(tok.SignedHeaders, lakeFSServerIDHd) {
		return errInvalidTokenFormat
	}
	signed, err := time.Parse("20060102T150405Z", tok.Date)
	if err != nil {
		return errInvalidTokenFormat
	}
	secs, err := strconv.Atoi(tok.ExpirationDuration)
	if err != nil || secs <= 0 {
		return errInvalidTokenFormat
	}
	now := time.Now()
	if signed.After(now.Add(clockSkew)) || now.After(signed.Add(time.Duration(secs)*time.Second)) {
		return errSessionExpired
	}

	ttl := s.opts.TokenTTL
	if d, ok := c.bInt("token_expiration_duration"); ok && d > 0 {
		ttl = min(time.Duration(d)*time.Second, loginMaxDuration)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.st.logins.awsKeys[tok.AccessKeyID]
	if !ok {
		return errInvalidTokenFormat // STS refused the signature: the remote authenticator answers 401
	}
	if id.userID == "" || s.st.users[id.userID] == nil {
		return errNotFound // no user has this principal (GetExternalPrincipal)
	}
	t, exp := s.issueToken(id.userID, ttl)
	s.st.logins.issued = append(s.st.logins.issued, t)
	writeJSON(c.w, http.StatusOK, map[string]any{"token": t, "token_expiration": exp})
	return nil
}

// stsLogin exchanges a registered OIDC code; the TTL defaults to an hour and is capped at 12 hours, with no
// lower bound (§4.4).
func (s *Server) stsLogin(c *reqCtx) error {
	code, _ := c.bStr("code")
	s.recordSecret(code)
	state, _ := c.bStr("state")
	redirect, _ := c.bStr("redirect_uri")
	ttl := stsDefaultTTL
	if n, ok := c.bInt("ttl_seconds"); ok {
		ttl = min(time.Duration(n)*time.Second, stsMaxTTL)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	reg, ok := s.st.logins.oidcCodes[code]
	if !ok || reg.state != state || reg.redirectURI != redirect {
		return errUnauthenticated
	}
	if s.st.users[reg.userID] == nil {
		return errNotFound
	}
	t, exp := s.issueToken(reg.userID, ttl)
	s.st.logins.issued = append(s.st.logins.issued, t)
	writeJSON(c.w, http.StatusOK, map[string]any{"token": t, "token_expiration": exp})
	return nil
}
