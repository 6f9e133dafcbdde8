package testserver

import (
	"container/heap"
	"fmt"
	"net/http"
	"strings"
	"time"
)

func nowUnix() int64 { return time.Now().Unix() }

func commitJSON(c *commit) map[string]any {
	return map[string]any{
		"committer": c.Committer, "creation_date": c.CreationDate, "generation": c.Generation, "id": c.ID,
		"message": c.Message, "meta_range_id": c.MetaRangeID, "metadata": c.Metadata, "parents": c.Parents, "version": 1,
	}
}

// defaultBranchRaceWindow is Options.BranchRaceWindow's default.
const defaultBranchRaceWindow = 2 * time.Millisecond

// errPredicateFailed is lakeFS's answer to an optimistic branch update that lost the race (kv.ErrPredicateFailed).
var errPredicateFailed = errf(http.StatusInternalServerError, "predicate failed")

// raceWindow is the time an optimistic update works without holding the state (Options.BranchRaceWindow).
func (s *Server) raceWindow() {
	if w := s.opts.BranchRaceWindow; w > 0 {
		time.Sleep(w)
	}
}

// commit: 400 "commit: no changes" unless allow_empty; read-only needs force (§11.1). Like lakeFS, it updates the
// branch optimistically: it reads the branch, works for BranchRaceWindow without holding it, and commits only
// if no other update moved the branch meanwhile; otherwise it answers 500 "predicate failed" and does nothing.
func (s *Server) commit(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	if c.qs("source_metarange") != "" {
		return errNotImplemented
	}
	msg, _ := c.bStr("message")
	md, ok := c.bMap("metadata")
	if !ok {
		md = map[string]string{}
	}
	date, hasDate := c.bInt("date")
	if !hasDate {
		date = nowUnix()
	}
	s.mu.Lock()
	r, b, err := s.repoBranch(c)
	var seen string
	if err == nil {
		seen = b.Head
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	s.raceWindow()
	s.mu.Lock()
	defer s.mu.Unlock()
	r2, b2, err := s.repoBranch(c)
	if err != nil {
		return err
	}
	if r2 != r || b2 != b || b.Head != seen {
		return errPredicateFailed
	}
	if err := r.checkProtected(b.Name, errCommitProtected); err != nil {
		return err
	}
	if r.ReadOnly && !c.bBool("force") {
		return errReadOnly
	}
	if len(r.stagedDiff(b)) == 0 && !c.bBool("allow_empty") {
		return errf(http.StatusBadRequest, "commit: no changes")
	}
	cm := s.st.addCommit(r, &commit{Parents: []string{b.Head}, Committer: c.user.committer(), Message: msg,
		CreationDate: date, Metadata: md, tree: r.branchView(b)})
	b.Head = cm.ID
	b.staging = map[string]*entry{}
	writeJSON(c.w, http.StatusCreated, commitJSON(cm))
	return nil
}

// getCommit accepts any ref expression (§11.2).
func (s *Server) getCommit(c *reqCtx) error {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	res, err := r.resolveRef(c.p("commitId"))
	if err == errRefNotFound || (err == nil && res.commit == nil) {
		return errf(http.StatusNotFound, "commit not found")
	}
	if ae, ok := refSyntax(err); ok {
		return errf(http.StatusInternalServerError, "%s", ae.msg) // 500 here, 400 elsewhere
	}
	if err != nil {
		return err
	}
	if res.staging {
		return errf(http.StatusInternalServerError, "reference to staging area with $ is not a commit")
	}
	writeJSON(c.w, http.StatusOK, commitJSON(res.commit))
	return nil
}

// commitQueue orders pending commits newest creation_date first, ties to the larger id (§2.2).
type commitQueue []*commit

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	if q[i].CreationDate != q[j].CreationDate {
		return q[i].CreationDate > q[j].CreationDate
	}
	return q[i].ID > q[j].ID
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, asCommit(x)) }
func (q *commitQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// asCommit unwraps a commitQueue element; the queue only ever holds *commit, anything else is a bug.
func asCommit(x any) *commit {
	c, ok := x.(*commit)
	if !ok {
		panic(fmt.Sprintf("commitQueue: element is %T, not *commit", x))
	}
	return c
}

// changedPaths lists paths that differ between a commit and its first parent.
func (r *repository) changed(c *commit, match func(string) bool) bool {
	var parent map[string]*entry
	if len(c.Parents) > 0 && r.commits[c.Parents[0]] != nil {
		parent = r.commits[c.Parents[0]].tree
	}
	for p, e := range c.tree {
		if match(p) && !e.sameAs(parent[p]) {
			return true
		}
	}
	for p := range parent {
		if _, ok := c.tree[p]; !ok && match(p) {
			return true
		}
	}
	return false
}

// logCommits walks from the ref; after=<commit id> resumes the walk (§11.3).
func (s *Server) logCommits(c *reqCtx) error {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	res, err := r.resolveRef(c.p("ref"))
	if err == errRefNotFound || (err == nil && res.commit == nil) {
		return errf(http.StatusNotFound, "ref: not found")
	}
	if ae, ok := refSyntax(err); ok {
		return errf(ae.status, "ref: %s", ae.msg)
	}
	if err != nil {
		return err
	}
	q := c.r.URL.Query()
	objects, prefixes := q["objects"], q["prefixes"]
	firstParent := c.qBool("first_parent", false)
	var since int64 = -1 << 62
	if v := c.qs("since"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			since = t.Unix()
		}
	}
	stopAt := ""
	if v := c.qs("stop_at"); v != "" {
		if sres, err := r.resolveRef(v); err == nil && sres.commit != nil {
			stopAt = sres.commit.ID
		}
	}
	match := func(p string) bool {
		for _, o := range objects {
			if p == o {
				return true
			}
		}
		for _, pre := range prefixes {
			if strings.HasPrefix(p, pre) {
				return true
			}
		}
		return false
	}
	filtered := len(objects) > 0 || len(prefixes) > 0

	var walk []*commit
	seen := map[string]bool{res.commit.ID: true}
	pq := &commitQueue{res.commit}
	for pq.Len() > 0 {
		cm := asCommit(heap.Pop(pq))
		if cm.CreationDate < since {
			continue
		}
		if !filtered || r.changed(cm, match) {
			walk = append(walk, cm)
		}
		if cm.ID == stopAt {
			break
		}
		parents := cm.Parents
		if firstParent && len(parents) > 1 {
			parents = parents[:1]
		}
		for _, p := range parents {
			if pc := r.commits[p]; pc != nil && !seen[p] {
				seen[p] = true
				heap.Push(pq, pc)
			}
		}
	}
	start := 0
	if after := c.qs("after"); after != "" {
		for i, cm := range walk {
			if cm.ID == after {
				start = i + 1
				break
			}
		}
	}
	amount := pageAmount(c.qInt("amount"))
	rest := walk[start:]
	more := len(rest) > amount
	if more {
		rest = rest[:amount]
	}
	writePage(c, rest, pageInfo(rest, more, func(cm *commit) string { return cm.ID }), commitJSON)
	return nil
}
