package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// Ref is a branch or a tag and the commit it points at.
type Ref struct {
	ID       string `json:"id"`
	CommitID string `json:"commit_id"`
}

// RefList is one page of branches or tags.
type RefList = Page[Ref]

// BranchCreation is the body of createBranch. Source is any ref expression. Force only bypasses read-only.
type BranchCreation struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Force  bool   `json:"force,omitempty"`
}

// CreateBranch creates a branch (POST /repositories/{repository}/branches; 201) and returns the commit id it points
// at (lakeFS answers with the bare id as text/plain, not JSON). Not idempotent: a replay answers 409.
func (c *Client) CreateBranch(ctx context.Context, repo string, branch BranchCreation) (string, error) {
	var text string
	err := c.do(ctx, call{op: "createBranch", method: http.MethodPost, path: pathf("/repositories/%s/branches", repo), json: branch}, &text)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(text, `"`) { // tolerate a JSON string
		var s string
		if json.Unmarshal([]byte(text), &s) == nil {
			text = s
		}
	}
	return text, nil
}

// GetBranch reads a branch (404 when missing).
func (c *Client) GetBranch(ctx context.Context, repo, branch string) (*Ref, error) {
	return getJSON[Ref](ctx, c, "getBranch", pathf("/repositories/%s/branches/%s", repo, branch), nil)
}

// DeleteBranch deletes a branch (204; 403 for the default branch). force only bypasses read-only.
func (c *Client) DeleteBranch(ctx context.Context, repo, branch string, force bool) error {
	return c.deleteAt(ctx, "deleteBranch", pathf("/repositories/%s/branches/%s", repo, branch), forceQuery(force))
}

// ListBranches reads one page of branches, ordered by name.
func (c *Client) ListBranches(ctx context.Context, repo string, opts ListOptions) (*RefList, error) {
	return getJSON[RefList](ctx, c, "listBranches", pathf("/repositories/%s/branches", repo), opts.values())
}

// HardResetBranch moves the branch head to ref (PUT .../hard_reset?ref=; 204). Uncommitted changes are kept.
// force only bypasses read-only.
func (c *Client) HardResetBranch(ctx context.Context, repo, branch, ref string, force bool) error {
	q := url.Values{"ref": {ref}}
	boolQuery(q, "force", force)
	return c.do(ctx, call{op: "hardResetBranch", method: http.MethodPut, path: pathf("/repositories/%s/branches/%s/hard_reset", repo, branch),
		query: q, idempotent: true}, nil)
}
