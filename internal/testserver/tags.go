package testserver

import "net/http"

// Tags (controller.go:CreateTag/GetTag/DeleteTag/ListTags, catalog.go, graveler.go), checked against lakeFS 1.84:
//   - create validates the ids first (an empty tag id is a 500, "required value"), then finds the repository,
//     refuses an id that names a branch or a full commit id (409 conflict found), resolves the ref to a commit
//     (404 "not found" for anything unresolvable, 400 for "" or a staging ref "main$"), checks read-only (403
//     unless force) and only then a duplicate tag (409 "tag already exists: not unique");
//   - get, delete and list report a malformed repository id as "argument name: ..." (create: "argument repository");
//   - delete checks read-only before it looks the tag up, so a missing tag in a read-only repository is a 403.

var (
	errTagNotFound      = &apiError{http.StatusNotFound, "tag not found"}
	errInvalidTagID     = &apiError{http.StatusBadRequest, "argument tagID: tag id: invalid value: validation error"}
	errInvalidRepoName  = &apiError{http.StatusBadRequest, "argument name: repository id: invalid value: validation error"}
	errTagAlreadyExists = &apiError{http.StatusConflict, "tag already exists: not unique"}
)

func checkTagID(id string) error {
	if id == "" {
		return errf(http.StatusInternalServerError, "argument tagID: required value: validation error")
	}
	if !validTagID(id) {
		return errInvalidTagID
	}
	return nil
}

// tagRepo validates the repository ("argument name") and tag ids, then finds the repository. Caller holds s.mu.
func (s *Server) tagRepo(c *reqCtx, tagID string) (*repository, error) {
	if !reRepoID.MatchString(c.p("repository")) {
		return nil, errInvalidRepoName
	}
	if err := checkTagID(tagID); err != nil {
		return nil, err
	}
	r := s.st.repos[c.p("repository")]
	if r == nil {
		return nil, errRepoNotFound
	}
	return r, nil
}

func (s *Server) createTag(c *reqCtx) error {
	id, _ := c.bStr("id")
	ref, _ := c.bStr("ref")
	if err := checkRepoID(c.p("repository")); err != nil {
		return err
	}
	if err := checkTagID(id); err != nil {
		return err
	}
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	if r.branches[id] != nil {
		return errf(http.StatusConflict, "branch name %s: conflict found", id)
	}
	if r.commits[id] != nil {
		return errf(http.StatusConflict, "commit ID %s: conflict found", id)
	}
	if ref == "" {
		return errRefSyntax
	}
	res, err := r.resolveRef(ref)
	switch {
	case err == errRefNotFound || err == errParentOutOfRange:
		return errNotFound
	case err != nil:
		return err
	case res.staging:
		return errf(http.StatusBadRequest, "%s: should point to a commit", errRefSyntax.msg)
	case res.commit == nil:
		return errf(http.StatusBadRequest, "%s: no commit", errRefSyntax.msg)
	}
	if r.ReadOnly && !c.bBool("force") {
		return errReadOnly
	}
	if _, ok := r.tags[id]; ok {
		return errTagAlreadyExists
	}
	r.tags[id] = res.commit.ID
	writeJSON(c.w, http.StatusCreated, refJSON(id, res.commit.ID))
	return nil
}

func (s *Server) getTag(c *reqCtx) error {
	r, err := s.tagRepo(c, c.p("tag"))
	if err != nil {
		return err
	}
	id, ok := r.tags[c.p("tag")]
	if !ok {
		return errTagNotFound
	}
	writeJSON(c.w, http.StatusOK, refJSON(c.p("tag"), id))
	return nil
}

func (s *Server) deleteTag(c *reqCtx) error {
	r, err := s.tagRepo(c, c.p("tag"))
	if err != nil {
		return err
	}
	if r.ReadOnly && !c.qBool("force", false) {
		return errReadOnly
	}
	if _, ok := r.tags[c.p("tag")]; !ok {
		return errTagNotFound
	}
	delete(r.tags, c.p("tag"))
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

func (s *Server) listTags(c *reqCtx) error {
	if !reRepoID.MatchString(c.p("repository")) {
		return errInvalidRepoName
	}
	r := s.st.repos[c.p("repository")]
	if r == nil {
		return errRepoNotFound
	}
	ids := sortedKeys(r.tags)
	page, p := pageOf(c, ids, func(s string) string { return s })
	writePage(c, page, p, func(id string) map[string]any { return refJSON(id, r.tags[id]) })
	return nil
}
