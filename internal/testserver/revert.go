package testserver

import (
	"net/http"
	"strings"
)

// revertBranch and cherryPick, as lakeFS 1.84 answers them (catalog.Revert/CherryPick, graveler.Revert/CherryPick;
// checked by contract_revert_test.go against the real server). Both replay a three-way merge at path level on the
// branch head: a revert merges the commit's parent with the commit as base, a cherry-pick the commit with its
// parent as base. Like commit, they update the branch optimistically: one that loses the race gets 500
// "update branch: predicate failed" and does nothing.

var errUpdatePredicateFailed = errf(http.StatusInternalServerError, "update branch: predicate failed")

// replay is a revert (revert true) or a cherry-pick of the commit named by ref onto the request's branch, relative
// to parent number pn (1-based; 0: none given). It returns the new commit, or nil for a revert that changes nothing
// and allowEmpty is false (then the error is set).
func (s *Server) replay(c *reqCtx, revert bool, ref string, pn int, message string, metadata map[string]string, allowEmpty bool) (*commit, error) {
	s.mu.Lock()
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if r.ReadOnly && !c.bBool("force") {
		s.mu.Unlock()
		return nil, errReadOnly
	}
	res, err := r.resolveRef(ref)
	if err != nil || res.commit == nil || res.staging {
		s.mu.Unlock()
		return nil, errf(http.StatusNotFound, "get commit from ref %s: not found", ref)
	}
	picked := res.commit
	switch {
	case len(picked.Parents) > 1 && pn == 0 && revert:
		s.mu.Unlock()
		return nil, errf(http.StatusConflict, "must specify 1-based parent number for reverting merge commit")
	case len(picked.Parents) > 1 && pn == 0:
		s.mu.Unlock()
		return nil, errf(http.StatusBadRequest, "must specify 1-based parent number for cherry-picking merge commit")
	case pn > len(picked.Parents) && revert:
		s.mu.Unlock()
		return nil, errf(http.StatusBadRequest, "given commit does not have the given parent number: parent %d", pn)
	case (pn > len(picked.Parents) || pn == 0 && len(picked.Parents) == 0) && !revert:
		if pn == 0 {
			pn = 1
		}
		s.mu.Unlock()
		return nil, errf(http.StatusBadRequest, "parent %d: given commit does not have the given parent number", pn)
	}
	b, err := r.branchOf(c.p("branch"))
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	seen := b.Head
	s.mu.Unlock()
	s.raceWindow()
	s.mu.Lock()
	defer s.mu.Unlock()
	if b2, err := r.branchOf(c.p("branch")); err != nil || b2 != b || b.Head != seen {
		return nil, errUpdatePredicateFailed
	}
	if len(r.stagedDiff(b)) > 0 {
		return nil, errDirtyBranch
	}
	var parentTree map[string]*entry
	if len(picked.Parents) > 0 {
		parentTree = r.commits[picked.Parents[max(pn, 1)-1]].tree
	}
	base, src := parentTree, picked.tree
	if revert {
		base, src = src, base
	}
	head := r.headTree(b)
	result, ok := threeWay(base, src, head)
	if !ok {
		return nil, errf(http.StatusConflict, "update branch: conflict found")
	}
	if revert && treesEqual(result, head) && !allowEmpty {
		return nil, errf(http.StatusBadRequest, "update branch: no changes")
	}
	cm := s.st.addCommit(r, &commit{Parents: []string{b.Head}, Committer: c.user.committer(), Message: message,
		CreationDate: nowUnix(), Metadata: metadata, tree: result})
	b.Head = cm.ID
	return cm, nil
}

// threeWay merges src into dst against base, path by path; ok is false on a conflict.
func threeWay(base, src, dst map[string]*entry) (map[string]*entry, bool) {
	result := copyMap(dst)
	paths := map[string]bool{}
	for _, t := range []map[string]*entry{base, src, dst} {
		for p := range t {
			paths[p] = true
		}
	}
	for p := range paths {
		be, se, de := base[p], src[p], dst[p]
		switch {
		case se.sameAs(be), se.sameAs(de):
		case !de.sameAs(be):
			return nil, false
		case se == nil:
			delete(result, p)
		default:
			result[p] = se
		}
	}
	return result, true
}

// commitOverrides reads commit_overrides: a message that replaces when not empty, metadata that replaces when set.
func commitOverrides(c *reqCtx) (message string, metadata map[string]string, hasMetadata bool) {
	o, _ := c.body["commit_overrides"].(map[string]any)
	message, _ = o["message"].(string)
	if m, ok := o["metadata"].(map[string]any); ok {
		metadata, hasMetadata = map[string]string{}, true
		for k, v := range m {
			metadata[k], _ = v.(string)
		}
	}
	return message, metadata, hasMetadata
}

// revertBranch: 204 without a body; the commit is "Revert <ref>" with no metadata unless overridden.
func (s *Server) revertBranch(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	ref, _ := c.bStr("ref")
	pn, _ := c.bInt("parent_number")
	if pn < 0 {
		return errf(http.StatusBadRequest, "argument parentNumber: invalid value: validation error")
	}
	if strings.TrimSpace(ref) == "" {
		return errf(http.StatusInternalServerError, "argument ref: required value: validation error")
	}
	message, metadata, _ := commitOverrides(c)
	if message == "" {
		message = "Revert " + ref
	}
	if _, err := s.replay(c, true, ref, int(pn), message, metadata, c.bBool("allow_empty")); err != nil {
		return err
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// cherryPick: 201 with the commit: the picked commit's message and metadata (unless overridden), plus
// cherry-pick-origin and cherry-pick-committer. It commits even when the changes are there already.
func (s *Server) cherryPick(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	ref, _ := c.bStr("ref")
	pn, given := c.bInt("parent_number")
	if given && pn <= 0 {
		return errf(http.StatusBadRequest, "argument parentNumber: value should be greater than 0: invalid value: validation error")
	}
	if strings.TrimSpace(ref) == "" {
		return errf(http.StatusInternalServerError, "argument ref: required value: validation error")
	}
	s.mu.Lock()
	var origin *commit
	if r, err := s.repoByID(c.p("repository")); err == nil {
		if res, err := r.resolveRef(ref); err == nil && res.commit != nil {
			origin = res.commit
		}
	}
	s.mu.Unlock()
	message, metadata := "", map[string]string{}
	if origin != nil {
		message, metadata = origin.Message, copyMap(origin.Metadata)
	}
	if m, md, ok := commitOverrides(c); m != "" || ok {
		if m != "" {
			message = m
		}
		if ok {
			metadata = md
		}
	}
	if origin != nil {
		metadata["cherry-pick-origin"] = origin.ID
		metadata["cherry-pick-committer"] = origin.Committer
	}
	cm, err := s.replay(c, false, ref, int(pn), message, metadata, true)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusCreated, commitJSON(cm))
	return nil
}
