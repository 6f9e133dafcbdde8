package testserver

import (
	"net/http"
	"net/mail"
	"time"
)

var errUserNotFound = &apiError{http.StatusNotFound, "user not found"}

func userJSON(u *user) map[string]any {
	return map[string]any{"creation_date": u.CreationDate, "email": u.Email, "friendly_name": u.FriendlyName, "id": u.ID}
}

// maxUsers is 1 for OSS (BasicAuthService, §6.0); with an auth server there may be many.
func (s *Server) maxUsers() int {
	if s.opts.Edition == EditionOSS {
		return 1
	}
	return 1 << 30
}

// createUser follows controller.go:CreateUser: the name and email checks come before authorization. On OSS the
// single slot is taken (409, §6.1); with an auth server (EditionACL, EditionEnterprise) an invitation creates the
// user with the address as given (not lowercased) as id and email, and answers creation_date 0.
func (s *Server) createUser(c *reqCtx) error {
	id, _ := c.bStr("id")
	if err := checkNamePercent(id, "User"); err != nil {
		return err
	}
	invite := c.bBool("invite_user")
	if invite {
		addr, err := mail.ParseAddress(id)
		if err != nil {
			return errf(http.StatusBadRequest, "Invalid email format")
		}
		id = addr.Address
	}
	if err := c.requireUser(); err != nil {
		return err
	}
	oss := s.opts.Edition == EditionOSS
	if invite && oss {
		return errNotImplemented
	}
	if !validAuthEntityID(id) {
		switch {
		case !oss:
			return errAuthInvalid
		case id == "":
			return errf(http.StatusBadRequest, "empty name: validation error")
		default:
			return errf(http.StatusBadRequest, "name contains delimiter /: validation error")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, exists := s.st.users[id]; exists || len(s.st.users) >= s.maxUsers() {
		return errf(http.StatusConflict, "Already exists")
	}
	u := &user{ID: id, CreationDate: time.Now().Unix()}
	s.st.users[id] = u
	if invite {
		u.Email = id
		writeJSON(c.w, http.StatusCreated, map[string]any{"creation_date": 0, "id": u.ID})
		return nil
	}
	writeJSON(c.w, http.StatusCreated, map[string]any{"creation_date": u.CreationDate, "id": u.ID})
	return nil
}

func (s *Server) getUser(c *reqCtx) error {
	return writeFound(c, s.st.users, c.p("userId"), errUserNotFound, userJSON)
}

// deleteUser removes the user with its group memberships and policy attachments, and its credentials except on
// EditionACL: the ACL server leaves them behind, and a user created again under the same id gets them back. The
// real server's auth cache keeps the user readable and its keys working for ~20 s (§6.3); the double does not.
func (s *Server) deleteUser(c *reqCtx) error {
	id := c.p("userId")
	if err := deleteFound(s.st.users, id, errUserNotFound); err != nil {
		return err
	}
	if s.opts.Edition != EditionACL {
		for k, cr := range s.st.creds {
			if cr.UserID == id {
				delete(s.st.creds, k)
			}
		}
	}
	for _, g := range s.st.groups {
		delete(g.members, id)
	}
	delete(s.st.userPolicies, id)
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// listUsers: OSS ignores pagination and reports max_per_page 0 (§2.2, §6.4); an auth server pages (authPage).
func (s *Server) listUsers(c *reqCtx) error {
	ids := sortedKeys(s.st.users)
	byID := func(id string) map[string]any { return userJSON(s.st.users[id]) }
	if s.opts.Edition != EditionOSS {
		writeAuthPage(c, ids, byID)
		return nil
	}
	writePage(c, ids, pagination{Results: len(ids)}, byID)
	return nil
}
