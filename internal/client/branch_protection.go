package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
)

// BranchProtectionRule protects the branches whose name matches Pattern (a glob: *, ?, [a-z], {a,b}) from
// direct writes and commits; merges into them are allowed.
type BranchProtectionRule struct {
	Pattern string `json:"pattern"`
}

// GetBranchProtectionRules reads all of a repository's branch protection rules, sorted by pattern (lakeFS sends them
// in random order), and the ETag that versions them (GET .../settings/branch_protection). The ETag is "" while no
// rules were ever set, and also once they were set to an empty list (see SetBranchProtectionRules).
func (c *Client) GetBranchProtectionRules(ctx context.Context, repo string) ([]BranchProtectionRule, string, error) {
	cl := call{op: "getBranchProtectionRules", method: http.MethodGet, path: pathf("/repositories/%s/settings/branch_protection", repo), idempotent: true}
	resp, err := c.send(ctx, cl)
	if err != nil {
		return nil, "", err
	}
	defer drain(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, "", c.apiErrorFrom(cl, resp)
	}
	rules := []BranchProtectionRule{}
	if err := json.NewDecoder(resp.Body).Decode(&rules); err != nil {
		return nil, "", fmt.Errorf("lakeFS %s: decoding the answer (HTTP %d): %w", cl.op, resp.StatusCode, err)
	}
	if rules == nil { // a JSON null
		rules = []BranchProtectionRule{}
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].Pattern < rules[j].Pattern })
	return rules, resp.Header.Get("ETag"), nil
}

// SetBranchProtectionRules replaces all of a repository's branch protection rules (PUT .../settings/branch_protection;
// 204). An empty list removes every rule (there is no delete operation). 403 on a read-only repository.
//
// etag guards the update: when not "", it is sent as If-Match and lakeFS applies the rules only if they are still at
// that version (compared byte for byte), else answers 412 (IsETagMismatch). "" sends no If-Match: the rules are
// replaced unconditionally. That is the only way past the ETag "" (no rules, or an empty list): lakeFS refuses an
// empty If-Match with 400, and every non-empty one fails with 412 there.
//
// Without an etag the call is idempotent and retried as such. With one it is not (a replay after it was applied
// answers 412), so a failure that may have reached the server is IsOutcomeUnknown and the caller re-reads the rules.
func (c *Client) SetBranchProtectionRules(ctx context.Context, repo string, rules []BranchProtectionRule, etag string) error {
	if rules == nil {
		rules = []BranchProtectionRule{}
	}
	cl := call{op: "setBranchProtectionRules", method: http.MethodPut, path: pathf("/repositories/%s/settings/branch_protection", repo),
		json: rules, idempotent: etag == ""}
	if etag != "" {
		cl.header = http.Header{"If-Match": {etag}}
	}
	return c.do(ctx, cl, nil)
}

// IsETagMismatch reports setBranchProtectionRules' 412: the rules changed since the ETag passed to it was read.
func IsETagMismatch(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusPreconditionFailed && apiErr.Operation == "setBranchProtectionRules"
}
