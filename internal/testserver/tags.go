package testserver

import "net/http"

// Tags are not in the contract; real lakeFS has createTag/getTag/deleteTag/listTags and
// tests need them as hard-reset targets.

func (s *Server) createTag(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	id, _ := c.bStr("id")
	ref, _ := c.bStr("ref")
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	if !validTagID(id) {
		return errf(http.StatusBadRequest, "argument tagID: tag id: invalid value: validation error")
	}
	if r.ReadOnly && !c.bBool("force") {
		return errReadOnly
	}
	if _, ok := r.tags[id]; ok {
		return errf(http.StatusConflict, "tag already exists: not unique")
	}
	res, err := r.resolveRef(ref)
	if err != nil || res.commit == nil || res.staging {
		if err != nil && err != errRefNotFound {
			return err
		}
		return errf(http.StatusNotFound, "%s: not found", ref)
	}
	r.tags[id] = res.commit.ID
	writeJSON(c.w, http.StatusCreated, refJSON(id, res.commit.ID))
	return nil
}

func (s *Server) getTag(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	id, ok := r.tags[c.p("tag")]
	if !ok {
		return errf(http.StatusNotFound, "tag not found")
	}
	writeJSON(c.w, http.StatusOK, refJSON(c.p("tag"), id))
	return nil
}

func (s *Server) deleteTag(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	if r.ReadOnly && !c.qBool("force", false) {
		return errReadOnly
	}
	if _, ok := r.tags[c.p("tag")]; !ok {
		return errf(http.StatusNotFound, "tag not found")
	}
	delete(r.tags, c.p("tag"))
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

func (s *Server) listTags(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	ids := sortedKeys(r.tags)
	page, p := paginate(ids, func(s string) string { return s }, c.qs("prefix"), c.qs("after"), c.qInt("amount"))
	results := make([]map[string]any, 0, len(page))
	for _, id := range page {
		results = append(results, refJSON(id, r.tags[id]))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"pagination": p, "results": results})
	return nil
}
