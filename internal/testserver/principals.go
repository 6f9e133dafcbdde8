package testserver

import "net/http"

// External principals as lakeFS Enterprise serves them (contract §6.5): the OSS edition keeps the
// 501 handlers of operations.go. Codes follow APIAuthService.validateResponse: the auth server's
// 404 becomes "not found", its 409 "Already exists".

type externalPrincipal struct {
	ID     string
	UserID string
}

func principalJSON(p *externalPrincipal) map[string]any {
	return map[string]any{"id": p.ID, "user_id": p.UserID}
}

func init() {
	registerEditionHandler(EditionEnterprise, "createUserExternalPrincipal", userLocked((*Server).createUserExternalPrincipal))
	registerEditionHandler(EditionEnterprise, "deleteUserExternalPrincipal", userLocked((*Server).deleteUserExternalPrincipal))
	registerEditionHandler(EditionEnterprise, "getExternalPrincipal", userLocked((*Server).getExternalPrincipal))
	registerEditionHandler(EditionEnterprise, "listUserExternalPrincipals", userLocked((*Server).listUserExternalPrincipals))
	registerEditionHandler(EditionEnterprise, "deleteUser", userLocked((*Server).deleteUserAndPrincipals))
}

// principalsLocked returns the principal store (by principal id), creating it on first use. Caller holds s.mu.
func (s *Server) principalsLocked() map[string]*externalPrincipal {
	if s.st.principals == nil {
		s.st.principals = map[string]*externalPrincipal{}
	}
	return s.st.principals
}

// createUserExternalPrincipal: 201 without a body. The settings body was validated (an object) and is ignored.
func (s *Server) createUserExternalPrincipal(c *reqCtx) error {
	userID, id := c.p("userId"), c.qs("principalId")
	if s.st.users[userID] == nil {
		return errNotFound
	}
	ps := s.principalsLocked()
	if ps[id] != nil {
		return errf(http.StatusConflict, "Already exists")
	}
	ps[id] = &externalPrincipal{ID: id, UserID: userID}
	writeNoContent(c.w, http.StatusCreated)
	return nil
}

// deleteUserExternalPrincipal: 204; a principal that is not attached to this user is 404.
func (s *Server) deleteUserExternalPrincipal(c *reqCtx) error {
	ps := s.principalsLocked()
	id := c.qs("principalId")
	if p := ps[id]; p == nil || p.UserID != c.p("userId") {
		return errNotFound
	}
	delete(ps, id)
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

func (s *Server) getExternalPrincipal(c *reqCtx) error {
	return writeFound(c, s.principalsLocked(), c.qs("principalId"), errNotFound, principalJSON)
}

// listUserExternalPrincipals pages by principal id; the auth-service listing reports max_per_page 0 (§2.2).
func (s *Server) listUserExternalPrincipals(c *reqCtx) error {
	userID := c.p("userId")
	if s.st.users[userID] == nil {
		return errNotFound
	}
	var mine []*externalPrincipal
	for _, p := range s.principalsLocked() {
		if p.UserID == userID {
			mine = append(mine, p)
		}
	}
	page, pg := pageOf(c, mine, func(p *externalPrincipal) string { return p.ID })
	pg.MaxPerPage = 0
	writePage(c, page, pg, principalJSON)
	return nil
}

// deleteUserAndPrincipals: a deleted user takes its principals with it, so they can be attached again.
func (s *Server) deleteUserAndPrincipals(c *reqCtx) error {
	if err := s.deleteUser(c); err != nil {
		return err
	}
	ps := s.principalsLocked()
	for id, p := range ps {
		if p.UserID == c.p("userId") {
			delete(ps, id)
		}
	}
	return nil
}
