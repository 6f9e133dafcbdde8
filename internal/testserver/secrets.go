package testserver

// recordSecret remembers a secret that crossed the wire (an identity token received, a presigned URL signature
// issued), for tests that check it never reaches a log.
func (s *Server) recordSecret(v string) {
	if v == "" {
		return
	}
	s.secretsMu.Lock()
	s.secrets = append(s.secrets, v)
	s.secretsMu.Unlock()
}

// SecretsSeen returns the identity tokens (and the SigV4 signatures inside them) and OIDC codes the logins
// received and the signatures of the presigned part URLs handed out. The tokens the logins issued are in LoginTokens.
func (s *Server) SecretsSeen() []string {
	s.secretsMu.Lock()
	defer s.secretsMu.Unlock()
	return append([]string(nil), s.secrets...)
}
