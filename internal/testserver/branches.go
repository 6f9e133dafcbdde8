package testserver

import (
	"fmt"
	"net/http"
	"strings"
)

// branchOf finds a branch (404 "branch not found"). Caller holds s.mu.
func (r *repository) branchOf(name string) (*branch, error) {
	if err := checkBranchID(name); err != nil {
		return nil, err
	}
	b := r.branches[name]
	if b == nil {
		return nil, errBranchNotFound
	}
	return b, nil
}

// repoBranch finds the request's repository (400/404), then its branch (400/404). Caller holds s.mu.
func (s *Server) repoBranch(c *reqCtx) (*repository, *branch, error) {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return nil, nil, err
	}
	b, err := r.branchOf(c.p("branch"))
	if err != nil {
		return nil, nil, err
	}
	return r, b, nil
}

func refJSON(id, commitID string) map[string]any {
	return map[string]any{"commit_id": commitID, "id": id}
}

// createBranch follows the table of §8.1. The 201 body is the bare commit id as text/plain.
func (s *Server) createBranch(c *reqCtx) error {
	name, _ := c.bStr("name")
	source, _ := c.bStr("source")
	if err := checkRepoID(c.p("repository")); err != nil {
		return err
	}
	if !reBranchID.MatchString(name) {
		return errf(http.StatusBadRequest, "argument branch: branch id: invalid value: validation error: branch id must consist of letters, digits, underscores and dashes, and cannot start with a dash")
	}
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	if r.ReadOnly && !c.bBool("force") {
		return errReadOnly
	}
	if r.commits[name] != nil {
		return errf(http.StatusConflict, "commit ID %s: conflict found", name)
	}
	if _, ok := r.tags[name]; ok {
		return errf(http.StatusConflict, "tag ID %s: conflict found", name)
	}
	if r.branches[name] != nil {
		return errf(http.StatusConflict, "branch already exists: not unique")
	}
	res, err := r.resolveRef(source)
	if err != nil {
		if err == errRefNotFound {
			return errf(http.StatusNotFound, "source reference '%s': not found", source)
		}
		if ae, ok := refSyntax(err); ok {
			return errf(ae.status, "source reference '%s': %s", source, ae.msg)
		}
		return err
	}
	if res.staging {
		return errf(http.StatusInternalServerError, "source reference '%s': can't create a branch without commit", source)
	}
	if res.commit == nil {
		return errf(http.StatusNotFound, "source reference '%s': not found", source)
	}
	// Uncommitted changes of the source are not copied (§8.1).
	r.branches[name] = &branch{Name: name, Head: res.commit.ID, Hidden: c.bBool("hidden"), staging: map[string]*entry{}}
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	c.w.WriteHeader(http.StatusCreated)
	_, _ = fmt.Fprint(c.w, res.commit.ID)
	return nil
}

func (s *Server) getBranch(c *reqCtx) error {
	_, b, err := s.repoBranch(c)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, refJSON(b.Name, b.Head))
	return nil
}

// deleteBranch: default branch 403, read-only 403 without force, missing 404 (§8.3).
func (s *Server) deleteBranch(c *reqCtx) error {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	name := c.p("branch")
	if err := checkBranchID(name); err != nil {
		return err
	}
	if r.ReadOnly && !c.qBool("force", false) {
		return errReadOnly
	}
	if name == r.DefaultBranch {
		return errf(http.StatusForbidden, "cannot delete repository default branch")
	}
	if r.branches[name] == nil {
		return errBranchNotFound
	}
	delete(r.branches, name)
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

func (s *Server) listBranches(c *reqCtx) error {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	showHidden := c.qBool("show_hidden", false)
	var bs []*branch
	for _, b := range r.branches {
		if !b.Hidden || showHidden {
			bs = append(bs, b)
		}
	}
	page, p := pageOf(c, bs, func(b *branch) string { return b.Name })
	writePage(c, page, p, func(b *branch) map[string]any { return refJSON(b.Name, b.Head) })
	return nil
}

// hardResetBranch moves the head only and KEEPS the staging area (SPEC≠IMPL, §8.5).
func (s *Server) hardResetBranch(c *reqCtx) error {
	ref := c.qs("ref")
	if !reRef.MatchString(ref) {
		return errf(http.StatusBadRequest, "argument ref: ref: invalid value: validation error")
	}
	r, b, err := s.repoBranch(c)
	if err != nil {
		return err
	}
	if err := r.checkProtected(b.Name, errProtected); err != nil {
		return err
	}
	if r.ReadOnly && !c.qBool("force", false) {
		return errReadOnly
	}
	res, err := r.resolveRef(ref)
	if err != nil {
		if err == errRefNotFound {
			return errf(http.StatusNotFound, "hard-reset %s to %s: not found", b.Name, ref)
		}
		if ae, ok := refSyntax(err); ok {
			return errf(ae.status, "hard-reset %s to %s: %s", b.Name, ref, ae.msg)
		}
		return err
	}
	if res.staging || strings.Contains(ref, "$") {
		return errf(http.StatusBadRequest, "hard-reset %s to %s: reference '%s': reference to staging area with $ is not a commit", b.Name, ref, ref)
	}
	if res.commit == nil {
		return errf(http.StatusNotFound, "hard-reset %s to %s: not found", b.Name, ref)
	}
	b.Head = res.commit.ID
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}
