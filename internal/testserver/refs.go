package testserver

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// Ref expressions (contract §3): a base (full commit id, branch, tag, commit-id prefix,
// in that order) followed by modifiers ~N, ^N, @ and $.

var (
	errRefNotFound      = errors.New("not found")
	errParentOutOfRange = &apiError{http.StatusBadRequest, "parent out of range"}
)

type resolved struct {
	commit  *commit // nil only for a branch of a bare repository
	branch  *branch // set when the expression names a branch's live state (staged ∪ committed)
	staging bool    // the expression used $ (a branch's staging area)
}

func isHex64(s string) bool { return len(s) == 64 && reHex.MatchString(s[:64]) }

func (r *repository) resolveBase(base string) (resolved, error) {
	if isHex64(base) {
		if c := r.commits[base]; c != nil {
			return resolved{commit: c}, nil
		}
	}
	if b := r.branches[base]; b != nil {
		return resolved{commit: r.commits[b.Head], branch: b}, nil
	}
	if id, ok := r.tags[base]; ok {
		return resolved{commit: r.commits[id]}, nil
	}
	if reHex.MatchString(base) {
		var found *commit
		for id, c := range r.commits {
			if strings.HasPrefix(id, base) {
				if found != nil {
					return resolved{}, errRefNotFound // ambiguous prefix
				}
				found = c
			}
		}
		if found != nil {
			return resolved{commit: found}, nil
		}
	}
	return resolved{}, errRefNotFound
}

// resolveRef resolves expr. errRefNotFound means nothing matched.
func (r *repository) resolveRef(expr string) (resolved, error) {
	i := strings.IndexAny(expr, "~^@$")
	base, mods := expr, ""
	if i >= 0 {
		base, mods = expr[:i], expr[i:]
	}
	if base == "" {
		return resolved{}, errRefNotFound
	}
	res, err := r.resolveBase(base)
	if err != nil {
		return res, err
	}
	for len(mods) > 0 {
		m := mods[0]
		mods = mods[1:]
		j := 0
		for j < len(mods) && mods[j] >= '0' && mods[j] <= '9' {
			j++
		}
		n := 1
		if j > 0 {
			n, _ = strconv.Atoi(mods[:j])
		}
		mods = mods[j:]
		switch m {
		case '@':
			if res.branch == nil || j > 0 {
				return resolved{}, errRefNotFound
			}
			res.branch = nil
		case '$':
			if res.branch == nil || j > 0 {
				return resolved{}, errRefNotFound
			}
			res.staging = true
		case '~':
			res.branch, res.staging = nil, false
			for k := 0; k < n; k++ {
				if res.commit == nil || len(res.commit.Parents) == 0 {
					return resolved{}, errParentOutOfRange
				}
				res.commit = r.commits[res.commit.Parents[0]]
			}
		case '^':
			res.branch, res.staging = nil, false
			if n == 0 {
				continue
			}
			if res.commit == nil || n > len(res.commit.Parents) {
				return resolved{}, errParentOutOfRange
			}
			res.commit = r.commits[res.commit.Parents[n-1]]
		}
	}
	if res.commit == nil && res.branch == nil {
		return resolved{}, errRefNotFound
	}
	return res, nil
}

// tree is what a reader sees at the resolved ref: a branch shows staged ∪ committed.
func (r *repository) treeAt(res resolved) map[string]*entry {
	if res.branch != nil {
		return r.branchView(res.branch)
	}
	if res.commit == nil {
		return map[string]*entry{}
	}
	return res.commit.tree
}

// lookupAt reads one path at a resolved ref without copying the tree.
func (r *repository) lookupAt(res resolved, path string) *entry {
	if res.branch != nil {
		return r.lookup(res.branch, path)
	}
	if res.commit == nil {
		return nil
	}
	return res.commit.tree[path]
}
