package client

import (
	"context"
	"net/http"
)

// GetRepositoryMetadata reads the repository's metadata (GET /repositories/{repository}/metadata). The map is
// never nil: a repository without metadata gives an empty map. 404 when the repository is missing.
func (c *Client) GetRepositoryMetadata(ctx context.Context, repo string) (map[string]string, error) {
	out := map[string]string{}
	err := c.do(ctx, call{op: "getRepositoryMetadata", method: http.MethodGet, path: pathf("/repositories/%s/metadata", repo), idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	if out == nil { // a JSON null
		out = map[string]string{}
	}
	return out, nil
}

// SetRepositoryMetadata adds or overwrites the given keys (POST /repositories/{repository}/metadata; 204); other keys
// are kept. Replaying it is harmless, so it is retried like an idempotent request. lakeFS does nothing for an
// empty map, not even look the repository up (204 for a missing repository).
func (c *Client) SetRepositoryMetadata(ctx context.Context, repo string, metadata map[string]string) error {
	if metadata == nil {
		metadata = map[string]string{}
	}
	body := struct {
		Metadata map[string]string `json:"metadata"`
	}{metadata}
	return c.do(ctx, call{op: "setRepositoryMetadata", method: http.MethodPost, path: pathf("/repositories/%s/metadata", repo),
		json: body, idempotent: true}, nil)
}

// DeleteRepositoryMetadata removes the given keys (DELETE /repositories/{repository}/metadata with a JSON body; 204).
// Keys that are not set are ignored. lakeFS does nothing for an empty list, not even look the repository up.
func (c *Client) DeleteRepositoryMetadata(ctx context.Context, repo string, keys []string) error {
	if keys == nil {
		keys = []string{}
	}
	body := struct {
		Keys []string `json:"keys"`
	}{keys}
	return c.do(ctx, call{op: "deleteRepositoryMetadata", method: http.MethodDelete, path: pathf("/repositories/%s/metadata", repo),
		json: body, idempotent: true}, nil)
}
