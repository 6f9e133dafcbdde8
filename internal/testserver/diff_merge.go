package testserver

import (
	"net/http"
	"sort"
	"strings"
)

type diffItem struct {
	Path string
	Type string // added, removed, changed
	Size int64
}

// stagedDiff is the branch's staging area against its head (§11.4).
// Tombstones of paths the head lacks and re-staged identical entries produce nothing.
func (r *repository) stagedDiff(b *branch) []diffItem {
	head := r.headTree(b)
	var out []diffItem
	for p, e := range b.staging {
		old, inHead := head[p]
		switch {
		case e == nil && inHead:
			out = append(out, diffItem{Path: p, Type: "removed"}) // size 0 for removed [observed]
		case e == nil:
		case !inHead:
			out = append(out, diffItem{Path: p, Type: "added", Size: e.Size})
		case !e.sameAs(old):
			out = append(out, diffItem{Path: p, Type: "changed", Size: e.Size})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func (s *Server) diffBranch(c *reqCtx) error {
	r, b, err := s.repoBranch(c)
	if err != nil {
		return err
	}
	items := r.stagedDiff(b)
	byPath := map[string]diffItem{}
	paths := make([]string, 0, len(items))
	for _, it := range items {
		byPath[it.Path] = it
		paths = append(paths, it.Path)
	}
	prefix, delim := c.qs("prefix"), c.qs("delimiter")
	keys := groupKeys(paths, prefix, delim)
	page, p := pageOf(c, keys, func(k string) string { return k })
	writePage(c, page, p, func(k string) map[string]any {
		if it, ok := byPath[k]; ok && (delim == "" || !strings.HasSuffix(k, delim) || !hasUnder(paths, k)) {
			return map[string]any{"path": it.Path, "path_type": "object", "size_bytes": it.Size, "type": it.Type}
		}
		return map[string]any{"path": k, "path_type": "common_prefix", "type": "prefix_changed"}
	})
	return nil
}

func hasUnder(paths []string, k string) bool {
	for _, p := range paths {
		if p != k && strings.HasPrefix(p, k) {
			return true
		}
	}
	return false
}

type mergeOpts struct {
	message    string
	metadata   map[string]string
	strategy   string
	force      bool
	allowEmpty bool
	squash     bool
	committer  string
}

// errMergeConflict is mapped by each caller: mergeIntoBranch sends {"reference":""}, the PR merge an Error.
type mergeConflict struct{ dst string }

func (e *mergeConflict) Error() string { return "update branch " + e.dst + ": conflict found" }

func treesEqual(a, b map[string]*entry) bool {
	if len(a) != len(b) {
		return false
	}
	for p, e := range a {
		if !e.sameAs(b[p]) {
			return false
		}
	}
	return true
}

// ancestors lists every commit reachable from id (including it).
func (r *repository) ancestors(id string) map[string]bool {
	seen := map[string]bool{}
	stack := []string{id}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] || r.commits[n] == nil {
			continue
		}
		seen[n] = true
		stack = append(stack, r.commits[n].Parents...)
	}
	return seen
}

// mergeBase is the common ancestor with the highest generation.
func (r *repository) mergeBase(a, b string) *commit {
	ancA := r.ancestors(a)
	var best *commit
	for id := range r.ancestors(b) {
		if ancA[id] {
			c := r.commits[id]
			if best == nil || c.Generation > best.Generation || (c.Generation == best.Generation && c.ID > best.ID) {
				best = c
			}
		}
	}
	return best
}

// merge is a three-way merge at path level against the merge base (§11.5). Caller holds s.mu.
func (s *Server) merge(r *repository, dstName, srcRef string, o mergeOpts) (*commit, error) {
	dst, err := r.branchOf(dstName)
	if err != nil {
		return nil, err
	}
	res, err := r.resolveRef(srcRef)
	if err != nil || res.commit == nil {
		if err != nil && err != errRefNotFound {
			return nil, err
		}
		return nil, errf(http.StatusNotFound, "update branch %s: get commit by ref %s: not found", dstName, srcRef)
	}
	if r.ReadOnly && !o.force {
		return nil, errReadOnly
	}
	if len(r.stagedDiff(dst)) > 0 {
		return nil, errDirtyBranch
	}
	src := res.commit // uncommitted changes on the source are ignored
	dstTree := r.headTree(dst)
	var baseTree map[string]*entry
	if base := r.mergeBase(dst.Head, src.ID); base != nil {
		baseTree = base.tree
	}
	result := copyMap(dstTree)
	paths := map[string]bool{}
	for _, t := range []map[string]*entry{baseTree, src.tree, dstTree} {
		for p := range t {
			paths[p] = true
		}
	}
	for p := range paths {
		be, se, de := baseTree[p], src.tree[p], dstTree[p]
		var take *entry
		switch {
		case se.sameAs(be), se.sameAs(de):
			continue
		case de.sameAs(be):
			take = se
		case o.strategy == "dest-wins":
			continue
		case o.strategy == "source-wins":
			take = se
		default:
			return nil, &mergeConflict{dst: dstName}
		}
		if take == nil {
			delete(result, p)
		} else {
			result[p] = take
		}
	}
	if treesEqual(result, dstTree) && !o.allowEmpty && !o.force {
		return nil, errf(http.StatusBadRequest, "update branch %s: no changes", dstName)
	}
	md := copyMap(o.metadata)
	strategy := o.strategy
	if strategy == "" {
		strategy = "default"
	}
	md[".lakefs.merge.strategy"] = strategy
	msg := o.message
	if msg == "" {
		msg = "Merge '" + srcRef + "' into '" + dstName + "'"
	}
	parents := []string{dst.Head, src.ID}
	if o.squash {
		parents = []string{dst.Head}
	}
	cm := s.st.addCommit(r, &commit{Parents: parents, Committer: o.committer, Message: msg,
		CreationDate: nowUnix(), Metadata: md, tree: result})
	dst.Head = cm.ID
	return cm, nil
}

// mergeIntoBranch: a conflict is 409 {"reference":""}, not an Error (§1.4, §11.5).
func (s *Server) mergeIntoBranch(c *reqCtx) error {
	strategy, _ := c.bStr("strategy")
	if strategy != "" && strategy != "dest-wins" && strategy != "source-wins" {
		return errf(http.StatusBadRequest, "argument strategy: invalid value: validation error")
	}
	md, _ := c.bMap("metadata")
	msg, _ := c.bStr("message")
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return err
	}
	cm, err := s.merge(r, c.p("destinationBranch"), c.p("sourceRef"), mergeOpts{
		message: msg, metadata: md, strategy: strategy, force: c.bBool("force"), allowEmpty: c.bBool("allow_empty"),
		squash: c.bBool("squash_merge"), committer: c.user.committer()})
	if _, ok := err.(*mergeConflict); ok {
		writeJSON(c.w, http.StatusConflict, map[string]string{"reference": ""})
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, map[string]string{"reference": cm.ID})
	return nil
}
