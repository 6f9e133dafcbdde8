package testserver

import (
	"encoding/base64"
	"net/http"
	"strings"
)

// Access keys. lakeFS OSS alone (BasicAuthService, one key): getCredentials works, createCredentials refuses with 400,
// listUserCredentials and deleteCredentials answer 501 (operations.go has those handlers). With an auth server
// (EditionACL, checked against lakeFS's ACL server, and EditionEnterprise) all of them work.

func init() {
	for _, ed := range []Edition{EditionACL, EditionEnterprise} {
		registerEditionHandler(ed, "createCredentials", userLocked((*Server).createCredentials))
		registerEditionHandler(ed, "getCredentials", userLocked((*Server).getCredentials))
		registerEditionHandler(ed, "deleteCredentials", userLocked((*Server).deleteCredentials))
		registerEditionHandler(ed, "listUserCredentials", userLocked((*Server).listUserCredentials))
	}
}

var errCredentialsNotFound = &apiError{http.StatusNotFound, "credentials not found"}

const base32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// newAccessKeyPair makes keys shaped like lakeFS's: "AKIAJ" and 15 base32 characters, a 40-character secret.
func (s *Server) newAccessKeyPair() (string, string) {
	b := s.randBytes(15)
	var key strings.Builder
	key.WriteString("AKIAJ")
	for _, x := range b {
		key.WriteByte(base32Upper[int(x)%len(base32Upper)])
	}
	secret := base64.StdEncoding.EncodeToString(s.randBytes(30))
	return key.String(), secret
}

func credentialJSON(cr *credential) map[string]any {
	return map[string]any{"access_key_id": cr.AccessKeyID, "creation_date": cr.CreationDate}
}

// createCredentials: 201 with the secret, the only time it is shown.
func (s *Server) createCredentials(c *reqCtx) error {
	userID := c.p("userId")
	if s.st.users[userID] == nil {
		return errAuthNotFound
	}
	key, secret := s.newAccessKeyPair()
	cr := &credential{AccessKeyID: key, SecretAccessKey: secret, UserID: userID, CreationDate: nowUnix()}
	s.st.creds[key] = cr
	s.recordSecret(secret)
	writeJSON(c.w, http.StatusCreated, map[string]any{"access_key_id": key, "creation_date": cr.CreationDate, "secret_access_key": secret})
	return nil
}

// getCredentials: 404 "credentials not found" for a missing user, a missing key or, with an auth server, another
// user's key (lakeFS OSS does not check the owner).
func (s *Server) getCredentials(c *reqCtx) error {
	userID := c.p("userId")
	cr := s.st.creds[c.p("accessKeyId")]
	if s.st.users[userID] == nil || cr == nil || (s.opts.Edition != EditionOSS && cr.UserID != userID) {
		return errCredentialsNotFound
	}
	writeJSON(c.w, http.StatusOK, credentialJSON(cr))
	return nil
}

// deleteCredentials follows the ACL server: the user and the key must exist (404 "credentials not found"), but the
// key need not be the user's: another user's key answers 204 and stays. The real server's auth cache keeps a deleted
// key working for up to ~20 s; the double forgets it at once.
func (s *Server) deleteCredentials(c *reqCtx) error {
	userID := c.p("userId")
	cr := s.st.creds[c.p("accessKeyId")]
	if s.st.users[userID] == nil || cr == nil {
		return errCredentialsNotFound
	}
	if cr.UserID == userID {
		delete(s.st.creds, cr.AccessKeyID)
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// listUserCredentials: a missing user has an empty list (200).
func (s *Server) listUserCredentials(c *reqCtx) error {
	userID := c.p("userId")
	var keys []string
	for k, cr := range s.st.creds {
		if cr.UserID == userID {
			keys = append(keys, k)
		}
	}
	writeAuthPage(c, keys, func(k string) map[string]any { return credentialJSON(s.st.creds[k]) })
	return nil
}

// createCredentialsOSS: BasicAuthService holds one key: 404 for a missing user, else 400.
func (s *Server) createCredentialsOSS(c *reqCtx) error {
	if s.st.users[c.p("userId")] == nil {
		return errAuthNotFound
	}
	return errf(http.StatusBadRequest, "exceeded number of allowed credentials: invalid request")
}

// notImplementedAfterAuth is lakeFS OSS's answer for groups, credential listing and deletion and policies:
// BasicAuthService returns ErrNotImplemented after authorization.
func (s *Server) notImplementedAfterAuth(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	return errNotImplemented
}
