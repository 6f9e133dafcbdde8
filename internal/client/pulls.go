package client

import (
	"context"
	"net/http"
)

// PullRequest is a lakeFS pull request. CreationDate and ClosedDate are RFC 3339 strings (not Unix seconds).
// Listings leave Description and MergedCommitID empty.
type PullRequest struct {
	ID                string `json:"id"`
	Title             string `json:"title"`
	Description       string `json:"description"`
	Status            string `json:"status"`
	Author            string `json:"author"`
	SourceBranch      string `json:"source_branch"`
	DestinationBranch string `json:"destination_branch"`
	CreationDate      string `json:"creation_date"`
	ClosedDate        string `json:"closed_date,omitempty"`
	MergedCommitID    string `json:"merged_commit_id,omitempty"`
}

// PullRequestsList is one page of listPullRequests.
type PullRequestsList = Page[PullRequest]

// PullRequestCreation is the body of createPullRequest.
type PullRequestCreation struct {
	Title             string `json:"title"`
	Description       string `json:"description,omitempty"`
	SourceBranch      string `json:"source_branch"`
	DestinationBranch string `json:"destination_branch"`
}

// PullRequestUpdate is the body of updatePullRequest: only non-nil fields change. Status is open, closed or merged.
type PullRequestUpdate struct {
	Title       *string `json:"title,omitempty"`
	Description *string `json:"description,omitempty"`
	Status      *string `json:"status,omitempty"`
}

// ListPullRequestsOptions page through pull requests; Status is "", "open", "closed" (includes merged) or "all".
type ListPullRequestsOptions struct {
	ListOptions
	Status string
}

// CreatePullRequest opens a pull request and returns its id (POST /repositories/{repository}/pulls; 201).
// Never replayed once it may have reached the server (lakeFS does not deduplicate): such failures are
// IsOutcomeUnknown and the caller reconciles by listing.
func (c *Client) CreatePullRequest(ctx context.Context, repo string, pr PullRequestCreation) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	err := c.do(ctx, call{op: "createPullRequest", method: http.MethodPost, path: pathf("/repositories/%s/pulls", repo), json: pr}, &out)
	if err != nil {
		return "", err
	}
	return out.ID, nil
}

// GetPullRequest reads a pull request (400 for an id that is not an xid, 404 when unknown).
func (c *Client) GetPullRequest(ctx context.Context, repo, id string) (*PullRequest, error) {
	return getJSON[PullRequest](ctx, c, "getPullRequest", pathf("/repositories/%s/pulls/%s", repo, id), nil)
}

// ListPullRequests reads one page of pull requests, newest first.
func (c *Client) ListPullRequests(ctx context.Context, repo string, opts ListPullRequestsOptions) (*PullRequestsList, error) {
	q := opts.values()
	if opts.Status != "" {
		q.Set("status", opts.Status)
	}
	return getJSON[PullRequestsList](ctx, c, "listPullRequests", pathf("/repositories/%s/pulls", repo), q)
}

// ListAllPullRequests reads every page (1000 per call) of pull requests whose id starts with prefix.
func (c *Client) ListAllPullRequests(ctx context.Context, repo, prefix, status string) ([]PullRequest, error) {
	return listAll(ctx, "listPullRequests", prefix, func(ctx context.Context, opts ListOptions) (*Page[PullRequest], error) {
		return c.ListPullRequests(ctx, repo, ListPullRequestsOptions{ListOptions: opts, Status: status})
	})
}

// UpdatePullRequest changes a pull request (PATCH; lakeFS answers 204, its spec says 200; both are accepted).
func (c *Client) UpdatePullRequest(ctx context.Context, repo, id string, update PullRequestUpdate) error {
	return c.do(ctx, call{op: "updatePullRequest", method: http.MethodPatch, path: pathf("/repositories/%s/pulls/%s", repo, id),
		json: update, idempotent: true}, nil)
}

// MergePullRequest merges an open pull request (PUT .../pulls/{id}/merge; 200). Not idempotent in effect: a replay
// after success answers 400 "bad pull request status", so it is never replayed after it may have reached the server.
func (c *Client) MergePullRequest(ctx context.Context, repo, id string) (*MergeResult, error) {
	return doJSON[MergeResult](ctx, c, call{op: "mergePullRequest", method: http.MethodPut, path: pathf("/repositories/%s/pulls/%s/merge", repo, id)})
}
