package testserver

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// state is everything the double remembers (contract §14). Guarded by Server.mu.
type state struct {
	repos          map[string]*repository
	usedNamespaces map[string]bool // a namespace stays taken forever (§7.3: _lakefs/dummy stays)
	users          map[string]*user
	creds          map[string]*credential // by access key id
	tokens         map[string]token
	commitSeq      int64
	principals     map[string]*externalPrincipal // enterprise only, by principal id (principals.go)
	groups         map[string]*group             // acl and enterprise (groups.go)
	policies       map[string]*policy            // acl (group ACLs only) and enterprise (policies.go)
	userPolicies   map[string]map[string]bool    // user id -> attached policy ids
	logins         loginRegistry                 // enterprise logins (logins.go)
}

type user struct {
	ID           string
	CreationDate int64
	Email        string
	FriendlyName string
}

// committer is model.User.Committer: the email if set, else the username (§11).
func (u *user) committer() string {
	if u == nil {
		return ""
	}
	if u.Email != "" {
		return u.Email
	}
	return u.ID
}

type credential struct {
	AccessKeyID, SecretAccessKey, UserID string
	CreationDate                         int64
}

type token struct {
	UserID  string
	Expires time.Time
}

type repository struct {
	ID               string
	StorageNamespace string
	DefaultBranch    string
	CreationDate     int64
	ReadOnly         bool
	Partition        string // xid used in physical addresses
	branches         map[string]*branch
	tags             map[string]string // tag -> commit id
	commits          map[string]*commit
	pulls            map[string]*pullRequest
	metadata         map[string]string // repository metadata (repository_metadata.go); nil until first set
	gc               *gcRules          // nil: no rules (gc_rules.go)
	protection       *protectionRules  // nil: the setting was never saved (branch_protection.go)
}

type branch struct {
	Name   string
	Head   string
	Hidden bool
	// staging overrides the head tree: a nil entry is a tombstone.
	staging map[string]*entry
}

// entry is an object's metadata; blob holds the immutable content.
type entry struct {
	PhysicalAddress string
	Checksum        string
	Size            int64
	Mtime           int64
	ContentType     string
	Metadata        map[string]string
	blob            *blob
}

// sameAs compares entries by identity, as a metarange diff would.
func (e *entry) sameAs(o *entry) bool {
	if e == nil || o == nil {
		return e == o
	}
	if e.PhysicalAddress != o.PhysicalAddress || e.Checksum != o.Checksum || e.Size != o.Size ||
		e.ContentType != o.ContentType || e.Mtime != o.Mtime || len(e.Metadata) != len(o.Metadata) {
		return false
	}
	for k, v := range e.Metadata {
		if ov, ok := o.Metadata[k]; !ok || ov != v {
			return false
		}
	}
	return true
}

func (e *entry) withMetadata(md map[string]string) *entry {
	c := *e
	c.Metadata = md
	return &c
}

type commit struct {
	ID           string
	Parents      []string
	Committer    string
	Message      string
	CreationDate int64
	MetaRangeID  string
	Metadata     map[string]string
	Generation   int64
	tree         map[string]*entry // immutable once stored
}

type pullRequest struct {
	ID             string
	Title          string
	Description    string
	Status         string
	Author         string
	Source         string
	Destination    string
	CreationDate   time.Time
	ClosedDate     *time.Time
	MergedCommitID string
}

func newState(opts Options) *state {
	st := &state{
		repos:          map[string]*repository{},
		usedNamespaces: map[string]bool{},
		users:          map[string]*user{},
		creds:          map[string]*credential{},
		tokens:         map[string]token{},
	}
	now := time.Now().Unix()
	st.users[opts.User] = &user{ID: opts.User, CreationDate: now}
	st.creds[opts.AccessKeyID] = &credential{AccessKeyID: opts.AccessKeyID, SecretAccessKey: opts.SecretAccessKey, UserID: opts.User, CreationDate: now}
	st.groups = map[string]*group{}
	st.policies = map[string]*policy{}
	st.userPolicies = map[string]map[string]bool{}
	st.seedGroups(opts, now)
	return st
}

// metaRangeID hashes a tree; "" for the empty tree (the initial commit has "" per §7.1).
func metaRangeID(tree map[string]*entry) string {
	if len(tree) == 0 {
		return ""
	}
	paths := sortedKeys(tree)
	h := sha256.New()
	for _, p := range paths {
		e := tree[p]
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%s\x00%d\x00", p, e.PhysicalAddress, e.Checksum, e.Size, e.ContentType, e.Mtime)
		for _, k := range sortedKeys(e.Metadata) {
			fmt.Fprintf(h, "%s=%s\x00", k, e.Metadata[k])
		}
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// addCommit computes a 64-hex id (sha256 over the content plus a sequence number) and stores c.
func (st *state) addCommit(r *repository, c *commit) *commit {
	st.commitSeq++
	if c.Metadata == nil {
		c.Metadata = map[string]string{}
	}
	if c.Parents == nil {
		c.Parents = []string{}
	}
	c.MetaRangeID = metaRangeID(c.tree)
	var gen int64
	for _, p := range c.Parents {
		if pc := r.commits[p]; pc != nil && pc.Generation > gen {
			gen = pc.Generation
		}
	}
	c.Generation = gen + 1
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%d\x00%s\x00%d", r.ID, strings.Join(c.Parents, ","), c.Committer, c.Message, c.CreationDate, c.MetaRangeID, st.commitSeq)
	for _, k := range sortedKeys(c.Metadata) {
		fmt.Fprintf(h, "%s=%s\x00", k, c.Metadata[k])
	}
	c.ID = hex.EncodeToString(h.Sum(nil))
	r.commits[c.ID] = c
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// deleteFound deletes m[id], or answers notFound (lakeFS's 404 for that item) when there is none.
func deleteFound[V any](m map[string]*V, id string, notFound error) error {
	if m[id] == nil {
		return notFound
	}
	delete(m, id)
	return nil
}

// copyMap is maps.Clone that never answers nil: callers write to the copy.
func copyMap[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	maps.Copy(out, m)
	return out
}

// headTree is the committed tree of the branch head.
func (r *repository) headTree(b *branch) map[string]*entry {
	if c := r.commits[b.Head]; c != nil {
		return c.tree
	}
	return map[string]*entry{}
}

// lookup reads a path on a branch: staging first, then the head tree.
func (r *repository) lookup(b *branch, path string) *entry {
	if e, ok := b.staging[path]; ok {
		return e
	}
	return r.headTree(b)[path]
}

// branchView is the branch's staged ∪ committed tree.
func (r *repository) branchView(b *branch) map[string]*entry {
	tree := copyMap(r.headTree(b))
	for p, e := range b.staging {
		if e == nil {
			delete(tree, p)
		} else {
			tree[p] = e
		}
	}
	return tree
}
