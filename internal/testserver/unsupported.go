package testserver

import "net/http"

// notImplementedPreAuth is the OSS answer for external principals, externalPrincipalLogin
// and stsLogin: 501 before authentication (§4.3, §4.4, §6.5). Validation already ran.
func (s *Server) notImplementedPreAuth(c *reqCtx) error {
	return errNotImplemented
}

// presignMultipartUnsupported: the local blockstore has no presigned multipart (§10.3):
// a missing repository is 404 first, then 501. The multipart implementation (multipart.go)
// replaces these handlers when Options.PresignedMultipart is set.
func (s *Server) presignMultipartUnsupported(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	if err := checkRepoID(c.p("repository")); err != nil {
		return err
	}
	s.mu.Lock()
	_, ok := s.st.repos[c.p("repository")]
	s.mu.Unlock()
	if !ok {
		return errRepoNotFound
	}
	return errf(http.StatusNotImplemented, "presign multipart upload API is not supported")
}
