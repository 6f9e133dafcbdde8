package client

import (
	"context"
	"net/http"
	"sort"
)

// GarbageCollectionRule is the retention of one branch.
type GarbageCollectionRule struct {
	BranchID      string `json:"branch_id"`
	RetentionDays int    `json:"retention_days"`
}

// GarbageCollectionRules are a repository's garbage collection (retention) rules. Branches is never nil in a
// request (lakeFS requires the array) and is sorted by BranchID in answers (lakeFS sends them in random order).
type GarbageCollectionRules struct {
	DefaultRetentionDays int                     `json:"default_retention_days"`
	Branches             []GarbageCollectionRule `json:"branches"`
}

// GetGCRules reads the repository's garbage collection rules (GET .../settings/gc_rules). No rules set, or
// rules deleted, gives 404 "not found" (IsNotFound), as does a missing repository ("repository not found").
func (c *Client) GetGCRules(ctx context.Context, repo string) (*GarbageCollectionRules, error) {
	var out GarbageCollectionRules
	err := c.do(ctx, call{op: "getGCRules", method: http.MethodGet, path: pathf("/repositories/%s/settings/gc_rules", repo), idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	if out.Branches == nil {
		out.Branches = []GarbageCollectionRule{}
	}
	sort.Slice(out.Branches, func(i, j int) bool { return out.Branches[i].BranchID < out.Branches[j].BranchID })
	return &out, nil
}

// SetGCRules replaces the repository's garbage collection rules (PUT .../settings/gc_rules; 204). Branch ids are not
// checked against existing branches; for a repeated branch id the last rule wins. 403 on a read-only repository.
func (c *Client) SetGCRules(ctx context.Context, repo string, rules GarbageCollectionRules) error {
	if rules.Branches == nil {
		rules.Branches = []GarbageCollectionRule{}
	}
	return c.do(ctx, call{op: "setGCRules", method: http.MethodPut, path: pathf("/repositories/%s/settings/gc_rules", repo),
		json: rules, idempotent: true}, nil)
}

// DeleteGCRules removes the repository's garbage collection rules (204, also when none were set). 403 on a
// read-only repository.
func (c *Client) DeleteGCRules(ctx context.Context, repo string) error {
	return c.deleteAt(ctx, "deleteGCRules", pathf("/repositories/%s/settings/gc_rules", repo), nil)
}
