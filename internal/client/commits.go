package client

import (
	"context"
	"errors"
	"net/http"
)

// Commit is a lakeFS commit. CreationDate is in Unix seconds. A merge commit has two parents
// ([destination head, source head]).
type Commit struct {
	ID           string            `json:"id"`
	Parents      []string          `json:"parents"`
	Committer    string            `json:"committer"`
	Message      string            `json:"message"`
	CreationDate int64             `json:"creation_date"`
	MetaRangeID  string            `json:"meta_range_id"`
	Metadata     map[string]string `json:"metadata,omitempty"`
	Generation   int64             `json:"generation,omitempty"`
	Version      int               `json:"version,omitempty"`
}

// CommitList is one page of logCommits.
type CommitList = Page[Commit]

// CommitCreation is the body of commit. Date (Unix seconds) overrides the creation date.
type CommitCreation struct {
	Message    string            `json:"message"`
	Metadata   map[string]string `json:"metadata,omitempty"`
	Date       *int64            `json:"date,omitempty"`
	AllowEmpty bool              `json:"allow_empty,omitempty"`
	Force      bool              `json:"force,omitempty"`
}

// Diff is one uncommitted change: Type is added, removed, changed or (with a delimiter) prefix_changed.
type Diff struct {
	Type      string `json:"type"`
	Path      string `json:"path"`
	PathType  string `json:"path_type"`
	SizeBytes *int64 `json:"size_bytes,omitempty"`
}

// DiffList is one page of diffBranch.
type DiffList = Page[Diff]

// Merge is the body of mergeIntoBranch. Strategy is "", "dest-wins" or "source-wins".
type Merge struct {
	Message     string            `json:"message,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`
	Strategy    string            `json:"strategy,omitempty"`
	Force       bool              `json:"force,omitempty"`
	AllowEmpty  bool              `json:"allow_empty,omitempty"`
	SquashMerge bool              `json:"squash_merge,omitempty"`
}

// MergeResult names the merge commit.
type MergeResult struct {
	Reference string `json:"reference"`
}

// Commit commits the staged changes of branch (POST .../branches/{branch}/commits; 201). Not idempotent.
// Nothing staged without AllowEmpty gives 400. A commit that lost the race for the branch against another
// update of it (500 "predicate failed": it did not happen) is retried.
func (c *Client) Commit(ctx context.Context, repo, branch string, commit CommitCreation) (*Commit, error) {
	return doJSON[Commit](ctx, c, call{op: "commit", method: http.MethodPost, path: pathf("/repositories/%s/branches/%s/commits", repo, branch), json: commit,
		branchRace: true})
}

// GetCommit reads a commit; ref may be any ref expression (id, id prefix, branch, tag, main~1).
func (c *Client) GetCommit(ctx context.Context, repo, ref string) (*Commit, error) {
	return getJSON[Commit](ctx, c, "getCommit", pathf("/repositories/%s/commits/%s", repo, ref), nil)
}

// LogCommits reads one page of the commit log from ref. opts.After is a commit id; opts.Prefix is not used by
// this operation and is not sent.
func (c *Client) LogCommits(ctx context.Context, repo, ref string, opts ListOptions) (*CommitList, error) {
	opts.Prefix = ""
	return getJSON[CommitList](ctx, c, "logCommits", pathf("/repositories/%s/refs/%s/commits", repo, ref), opts.values())
}

// DiffBranch reads one page of the uncommitted changes of branch.
func (c *Client) DiffBranch(ctx context.Context, repo, branch string, opts ListOptions) (*DiffList, error) {
	return getJSON[DiffList](ctx, c, "diffBranch", pathf("/repositories/%s/branches/%s/diff", repo, branch), opts.values())
}

// MergeIntoBranch merges sourceRef into destBranch (POST .../refs/{sourceRef}/merge/{destinationBranch}; 200). Not
// idempotent; a 500 "predicate failed" (the branch update lost a race, nothing merged) is retried like Commit's. A conflict is a 409 (IsConflict) whose APIError message is "conflict found" (lakeFS sends no message).
func (c *Client) MergeIntoBranch(ctx context.Context, repo, sourceRef, destBranch string, merge Merge) (*MergeResult, error) {
	var out MergeResult
	err := c.do(ctx, call{op: "mergeIntoBranch", method: http.MethodPost,
		path: pathf("/repositories/%s/refs/%s/merge/%s", repo, sourceRef, destBranch), json: merge, branchRace: true}, &out)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusConflict && apiErr.Message == "" {
			apiErr.Message = "conflict found"
		}
		return nil, err
	}
	return &out, nil
}

// CommitOverrides replaces the message and the metadata of a revert or cherry-pick commit.
type CommitOverrides struct {
	Message  string            `json:"message,omitempty"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

// RevertCreation is the body of revertBranch. ParentNumber (required by lakeFS, 0 for a commit with one parent)
// picks the parent, counted from 1, that a merge commit is reverted relative to.
type RevertCreation struct {
	Ref             string           `json:"ref"`
	ParentNumber    int              `json:"parent_number"`
	CommitOverrides *CommitOverrides `json:"commit_overrides,omitempty"`
	Force           bool             `json:"force,omitempty"`
	AllowEmpty      bool             `json:"allow_empty,omitempty"`
}

// CherryPickCreation is the body of cherryPick. ParentNumber (counted from 1) is needed for a merge commit only;
// lakeFS refuses 0.
type CherryPickCreation struct {
	Ref             string           `json:"ref"`
	ParentNumber    *int             `json:"parent_number,omitempty"`
	CommitOverrides *CommitOverrides `json:"commit_overrides,omitempty"`
	Force           bool             `json:"force,omitempty"`
}

// RevertBranch commits on branch the changes that undo the commit revert.Ref names (POST
// .../branches/{branch}/revert; 204, no body: read the branch for the new commit, whose message is "Revert <ref>"
// unless overridden). Not idempotent; a lost race for the branch (500 "update branch: predicate failed") is
// retried like Commit's. Nothing to revert gives 400 "update branch: no changes" unless AllowEmpty; a conflict 409.
func (c *Client) RevertBranch(ctx context.Context, repo, branch string, revert RevertCreation) error {
	return c.do(ctx, call{op: "revertBranch", method: http.MethodPost, path: pathf("/repositories/%s/branches/%s/revert", repo, branch),
		json: revert, branchRace: true}, nil)
}

// CherryPick commits on branch the changes of the commit pick.Ref names (POST .../branches/{branch}/cherry-pick; 201
// with the new commit, whose metadata has cherry-pick-origin, the picked commit's id). Not idempotent: lakeFS makes
// a new commit each time, even when the changes are there already; a lost race for the branch is retried like
// Commit's. A conflict is 409.
func (c *Client) CherryPick(ctx context.Context, repo, branch string, pick CherryPickCreation) (*Commit, error) {
	var out Commit
	err := c.do(ctx, call{op: "cherryPick", method: http.MethodPost, path: pathf("/repositories/%s/branches/%s/cherry-pick", repo, branch),
		json: pick, branchRace: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
