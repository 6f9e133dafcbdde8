package client

import (
	"context"
	"net/http"
	"net/url"
)

// Repository is a lakeFS repository. CreationDate is in Unix seconds. ReadOnly is nil in the answer to a bare create.
type Repository struct {
	ID               string `json:"id"`
	CreationDate     int64  `json:"creation_date"`
	DefaultBranch    string `json:"default_branch"`
	StorageNamespace string `json:"storage_namespace"`
	StorageID        string `json:"storage_id,omitempty"`
	ReadOnly         *bool  `json:"read_only,omitempty"`
}

// RepositoryCreation is the body of createRepository. Bare is sent as the "bare" query parameter: no initial
// commit, no branch and no storage namespace check.
type RepositoryCreation struct {
	Name             string `json:"name"`
	StorageNamespace string `json:"storage_namespace"`
	DefaultBranch    string `json:"default_branch,omitempty"`
	StorageID        string `json:"storage_id,omitempty"`
	SampleData       bool   `json:"sample_data,omitempty"`
	ReadOnly         *bool  `json:"read_only,omitempty"`
	Bare             bool   `json:"-"`
}

// RepositoryList is one page of listRepositories.
type RepositoryList = Page[Repository]

// CreateRepository creates a repository (POST /repositories; 201). Not idempotent: a replay answers 409.
func (c *Client) CreateRepository(ctx context.Context, repo RepositoryCreation) (*Repository, error) {
	q := url.Values{}
	boolQuery(q, "bare", repo.Bare)
	return doJSON[Repository](ctx, c, call{op: "createRepository", method: http.MethodPost, path: "/repositories", query: q, json: repo})
}

// GetRepository reads a repository (404 when missing, 410 while it is being deleted).
func (c *Client) GetRepository(ctx context.Context, name string) (*Repository, error) {
	return getJSON[Repository](ctx, c, "getRepository", pathf("/repositories/%s", name), nil)
}

// DeleteRepository deletes a repository (204). force bypasses the read-only protection (403 otherwise).
func (c *Client) DeleteRepository(ctx context.Context, name string, force bool) error {
	return c.deleteAt(ctx, "deleteRepository", pathf("/repositories/%s", name), forceQuery(force))
}

// ListRepositories reads one page of repositories, ordered by id.
func (c *Client) ListRepositories(ctx context.Context, opts ListOptions) (*RepositoryList, error) {
	return getJSON[RepositoryList](ctx, c, "listRepositories", "/repositories", opts.values())
}
