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

// errRefSyntax is graveler.ErrInvalidRef: ParseRef refuses the expression before anything is resolved.
var errRefSyntax = &apiError{http.StatusBadRequest, "ref: invalid value: validation error"}

type refMod struct {
	typ byte
	n   int
}

// parseRef is ref.ParseRef: a non-empty base, then modifiers ~N ^N (N optional, digits only), @ and $ (alone).
func parseRef(expr string) (string, []refMod, error) {
	i := strings.IndexAny(expr, "~^@$")
	if i == 0 || expr == "" {
		return "", nil, errRefSyntax
	}
	if i < 0 {
		return expr, nil, nil
	}
	base, rest := expr[:i], expr[i:]
	var mods []refMod
	for rest != "" {
		j := strings.IndexAny(rest[1:], "~^@$") + 1
		if j == 0 {
			j = len(rest)
		}
		part := rest[:j]
		rest = rest[j:]
		m := refMod{typ: part[0], n: 1}
		if len(part) > 1 {
			if m.typ == '@' || m.typ == '$' {
				return "", nil, errRefSyntax
			}
			n, err := strconv.Atoi(part[1:])
			if err != nil {
				return "", nil, errf(http.StatusBadRequest, "could not parse modifier %s: %s", part, errRefSyntax.msg)
			}
			m.n = n
		}
		mods = append(mods, m)
	}
	return base, mods, nil
}

// refSyntax reports a parseRef error; handlers wrap it with their own prefix, as lakeFS does.
func refSyntax(err error) (*apiError, bool) {
	ae, ok := err.(*apiError)
	return ae, ok && ae.status == http.StatusBadRequest && strings.HasSuffix(ae.msg, errRefSyntax.msg)
}

// resolveRef resolves expr. errRefNotFound means nothing matched; a malformed expression is a 400 (errRefSyntax or
// "could not parse modifier ...").
func (r *repository) resolveRef(expr string) (resolved, error) {
	base, mods, err := parseRef(expr)
	if err != nil {
		return resolved{}, err
	}
	res, err := r.resolveBase(base)
	if err != nil {
		return res, err
	}
	for _, m := range mods {
		n := m.n
		switch m.typ {
		case '@':
			if res.branch == nil {
				return resolved{}, errRefNotFound
			}
			res.branch = nil
		case '$':
			if res.branch == nil {
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
