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

// uploadPartUnsupported is uploadPart on the local blockstore: no support check (§10.3.2), so a missing
// repository is 404, an address that fails the checks of §10.0 is 400, and presigning fails with 400.
func (s *Server) uploadPartUnsupported(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	s.mu.Lock()
	r, err := s.repoByID(c.p("repository"))
	s.mu.Unlock()
	if err != nil {
		return err
	}
	body, err := readMPBody(c)
	if err != nil {
		return err
	}
	if _, err := s.checkSignedAddress(r, c.p("branch"), c.qs("path"), body.PhysicalAddress); err != nil {
		return err
	}
	return errf(http.StatusBadRequest, "local adapter presigned URL: operation not supported")
}
