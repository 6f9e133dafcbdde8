package testserver

import (
	"net/http"
	"path"
	"strings"
	"time"
)

// repoByID validates the id (400) and finds the repository (404). Caller holds s.mu.
func (s *Server) repoByID(id string) (*repository, error) {
	if err := checkRepoID(id); err != nil {
		return nil, err
	}
	r := s.st.repos[id]
	if r == nil {
		return nil, errRepoNotFound
	}
	return r, nil
}

func repoJSON(r *repository, withReadOnly bool) map[string]any {
	m := map[string]any{
		"creation_date":     r.CreationDate,
		"default_branch":    r.DefaultBranch,
		"id":                r.ID,
		"storage_id":        "",
		"storage_namespace": r.StorageNamespace,
	}
	if withReadOnly {
		m["read_only"] = r.ReadOnly
	}
	return m
}

// dataRoot is where physical addresses point: local:///<DataDir>/lakefs/data/<repo>/data/<xid>/<xid>.
func (s *Server) physicalAddress(r *repository) string {
	return "local://" + path.Join(s.opts.DataDir, "lakefs", "data", r.ID, "data", r.Partition, s.newXID(time.Now()))
}

// createRepository follows §7.1 in order. The stale repository cache after delete (§7.3)
// is deliberately NOT emulated: a deleted name can be reused at once (with a fresh namespace).
func (s *Server) createRepository(c *reqCtx) error {
	name, _ := c.bStr("name")
	ns, _ := c.bStr("storage_namespace")
	defBranch, ok := c.bStr("default_branch")
	if !ok || defBranch == "" {
		defBranch = "main"
	}
	bare := c.qBool("bare", false)
	readOnly := c.bBool("read_only")
	if s.st.repos[name] != nil {
		return errf(http.StatusConflict, "error creating repository: not unique")
	}
	if sid, _ := c.bStr("storage_id"); sid != "" {
		return errf(http.StatusBadRequest, "storage id: invalid value")
	}
	if !strings.HasPrefix(ns, "local://") {
		return errf(http.StatusBadRequest, "failed to match required regex ^local://: invalid namespace")
	}
	nsKey := strings.TrimSuffix(ns, "/")
	if !bare && !readOnly {
		// ensureStorageNamespace writes <ns>/_lakefs/dummy; it stays there forever.
		if s.st.usedNamespaces[nsKey] {
			return errf(http.StatusBadRequest, "failed to create repository: found lakeFS objects in the storage (:%s) key(_lakefs/dummy): storage namespace already in use", ns)
		}
		s.st.usedNamespaces[nsKey] = true
	}
	r := &repository{
		ID: name, StorageNamespace: ns, DefaultBranch: defBranch, CreationDate: time.Now().Unix(), ReadOnly: readOnly,
		Partition: s.newXID(time.Now()),
		branches:  map[string]*branch{}, tags: map[string]string{}, commits: map[string]*commit{}, pulls: map[string]*pullRequest{},
	}
	if !bare {
		// default_branch is not validated (§7.1 step 7).
		init := s.st.addCommit(r, &commit{Message: "Repository created", Committer: "", CreationDate: r.CreationDate, tree: map[string]*entry{}})
		r.branches[defBranch] = &branch{Name: defBranch, Head: init.ID, staging: map[string]*entry{}}
	}
	s.st.repos[name] = r
	writeJSON(c.w, http.StatusCreated, repoJSON(r, !bare))
	return nil
}

func (s *Server) getRepository(c *reqCtx) error {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, repoJSON(r, true))
	return nil
}

// deleteRepository: read-only needs force (§7.3). Its namespace stays used forever.
func (s *Server) deleteRepository(c *reqCtx) error {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	if r.ReadOnly && !c.qBool("force", false) {
		return errReadOnly
	}
	delete(s.st.repos, r.ID)
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

func (s *Server) listRepositories(c *reqCtx) error {
	search := c.qs("search")
	var repos []*repository
	for _, r := range s.st.repos {
		if strings.Contains(r.ID, search) {
			repos = append(repos, r)
		}
	}
	page, p := pageOf(c, repos, func(r *repository) string { return r.ID })
	writePage(c, page, p, func(r *repository) map[string]any { return repoJSON(r, true) })
	return nil
}
