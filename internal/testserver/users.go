package testserver

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

func userJSON(u *user) map[string]any {
	return map[string]any{"creation_date": u.CreationDate, "email": u.Email, "friendly_name": u.FriendlyName, "id": u.ID}
}

// maxUsers is 1 for OSS (BasicAuthService, §6.0); the enterprise edition may hold many.
func (s *Server) maxUsers() int {
	if s.opts.Edition == EditionOSS {
		return 1
	}
	return 1 << 30
}

// createUser follows controller.go:CreateUser as observed on OSS (§6.1).
func (s *Server) createUser(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	id, _ := c.bStr("id")
	if strings.Contains(id, "%") {
		return errf(http.StatusBadRequest, "User name cannot contain '%%'")
	}
	if c.bBool("invite_user") {
		if !reEmail.MatchString(id) {
			return errf(http.StatusBadRequest, "Invalid email format")
		}
		if s.opts.Edition == EditionOSS {
			return errNotImplemented
		}
		id = strings.ToLower(id)
	}
	if id == "" {
		return errf(http.StatusBadRequest, "empty name: validation error")
	}
	if strings.Contains(id, "/") {
		return errf(http.StatusBadRequest, "name contains delimiter /: validation error")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, exists := s.st.users[id]; exists || len(s.st.users) >= s.maxUsers() {
		return errf(http.StatusConflict, "Already exists")
	}
	u := &user{ID: id, CreationDate: time.Now().Unix()}
	s.st.users[id] = u
	writeJSON(c.w, http.StatusCreated, map[string]any{"creation_date": u.CreationDate, "id": u.ID})
	return nil
}

func (s *Server) getUser(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[c.p("userId")]
	if u == nil {
		return errf(http.StatusNotFound, "user not found")
	}
	writeJSON(c.w, http.StatusOK, userJSON(u))
	return nil
}

// deleteUser removes the user and its credentials at once. The real server keeps old
// credentials working for the auth cache TTL (§6.3); the double does not emulate that.
func (s *Server) deleteUser(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.p("userId")
	if s.st.users[id] == nil {
		return errf(http.StatusNotFound, "user not found")
	}
	delete(s.st.users, id)
	for k, cr := range s.st.creds {
		if cr.UserID == id {
			delete(s.st.creds, k)
		}
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// listUsers: OSS ignores pagination and reports max_per_page 0 (§2.2, §6.4).
func (s *Server) listUsers(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := sortedKeys(s.st.users)
	sort.Strings(ids)
	results := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		results = append(results, userJSON(s.st.users[id]))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{
		"pagination": pagination{HasMore: false, MaxPerPage: 0, NextOffset: "", Results: len(results)},
		"results":    results,
	})
	return nil
}
