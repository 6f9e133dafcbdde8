package testserver

import (
	"net/http"
	"time"
)

var errInvalidPRID = &apiError{http.StatusBadRequest, "argument pullRequestID: pull request id: invalid value: validation error"}

const rfc3339Nano = time.RFC3339Nano

// prJSON: the list leaves out description and merged_commit_id on purpose (§12.3).
func prJSON(pr *pullRequest, full bool) map[string]any {
	m := map[string]any{
		"author": pr.Author, "creation_date": pr.CreationDate.UTC().Format(rfc3339Nano),
		"destination_branch": pr.Destination, "id": pr.ID, "source_branch": pr.Source,
		"status": pr.Status, "title": pr.Title,
	}
	if pr.ClosedDate != nil {
		m["closed_date"] = pr.ClosedDate.UTC().Format(rfc3339Nano)
	}
	if full {
		m["description"] = pr.Description
		if pr.MergedCommitID != "" {
			m["merged_commit_id"] = pr.MergedCommitID
		}
	}
	return m
}

// prBranchArg validates src/dest: empty is 500 (the mapping gap in §1.5), invalid 400.
func prBranchArg(arg, v string) error {
	if v == "" {
		return errf(http.StatusInternalServerError, "argument %s: required value: validation error", arg)
	}
	if !reBranchID.MatchString(v) {
		return errf(http.StatusBadRequest, "argument %s: branch id: invalid value: validation error", arg)
	}
	return nil
}

// createPullRequest follows §12.1 in order; duplicates are allowed.
func (s *Server) createPullRequest(c *reqCtx) error {
	title, _ := c.bStr("title")
	desc, _ := c.bStr("description")
	src, _ := c.bStr("source_branch")
	dst, _ := c.bStr("destination_branch")
	if err := checkRepoID(c.p("repository")); err != nil {
		return err
	}
	if err := prBranchArg("src", src); err != nil {
		return err
	}
	if err := prBranchArg("dest", dst); err != nil {
		return err
	}
	if src == dst {
		return errf(http.StatusBadRequest, "source and destination branches are the same: same branch validation error")
	}
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	if r.branches[src] == nil || r.branches[dst] == nil {
		return errBranchNotFound
	}
	pr := &pullRequest{ID: s.newRunID(), Title: title, Description: desc, Status: "open", Author: c.user.committer(),
		Source: src, Destination: dst, CreationDate: time.Now()}
	r.pulls[pr.ID] = pr
	writeJSON(c.w, http.StatusCreated, map[string]string{"id": pr.ID})
	return nil
}

// prByID validates repo and PR ids (400) and finds both (404). Caller holds s.mu.
func (s *Server) prByID(c *reqCtx) (*repository, *pullRequest, error) {
	if err := checkRepoID(c.p("repository")); err != nil {
		return nil, nil, err
	}
	if !validXID(c.p("pull_request")) {
		return nil, nil, errInvalidPRID
	}
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return nil, nil, err
	}
	pr := r.pulls[c.p("pull_request")]
	if pr == nil {
		return nil, nil, errf(http.StatusNotFound, "pull request not found")
	}
	return r, pr, nil
}

func (s *Server) getPullRequest(c *reqCtx) error {
	_, pr, err := s.prByID(c)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, prJSON(pr, true))
	return nil
}

// listPullRequests: id order (newest first), closed includes merged (§12.3).
func (s *Server) listPullRequests(c *reqCtx) error {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	status := c.qs("status")
	var prs []*pullRequest
	for _, pr := range r.pulls {
		switch status {
		case "open":
			if pr.Status != "open" {
				continue
			}
		case "closed":
			if pr.Status == "open" {
				continue
			}
		}
		prs = append(prs, pr)
	}
	page, p := pageOf(c, prs, func(pr *pullRequest) string { return pr.ID })
	writePage(c, page, p, func(pr *pullRequest) map[string]any { return prJSON(pr, false) })
	return nil
}

// updatePullRequest: 204, free transitions; closed/merged set closed_date every time (§12.4).
func (s *Server) updatePullRequest(c *reqCtx) error {
	_, pr, err := s.prByID(c)
	if err != nil {
		return err
	}
	if v, ok := c.bStr("title"); ok {
		pr.Title = v
	}
	if v, ok := c.bStr("description"); ok {
		pr.Description = v
	}
	if v, ok := c.bStr("status"); ok {
		pr.Status = v
		if v != "open" {
			now := time.Now()
			pr.ClosedDate = &now
		}
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// mergePullRequest loads the PR BEFORE authorization (§12.5); merge errors are Error bodies.
func (s *Server) mergePullRequest(c *reqCtx) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, pr, err := s.prByID(c)
	if err != nil {
		return err
	}
	if err := c.requireUser(); err != nil {
		return err
	}
	if pr.Status != "open" {
		return errf(http.StatusBadRequest, "bad pull request status")
	}
	cm, err := s.merge(r, pr.Destination, pr.Source, mergeOpts{committer: c.user.committer()})
	if mc, ok := err.(*mergeConflict); ok {
		return errf(http.StatusConflict, "%s", mc.Error())
	}
	if err != nil {
		return err
	}
	if c.interrupted {
		return nil // the merge commit is written; the pull request is not updated (FaultInterruptedHandler)
	}
	now := time.Now()
	pr.Status, pr.MergedCommitID, pr.ClosedDate = "merged", cm.ID, &now
	writeJSON(c.w, http.StatusOK, map[string]string{"reference": cm.ID})
	return nil
}
