package client

import (
	"context"
	"net/http"
)

// TagCreation is the body of createTag. Ref is any ref expression that names a commit (a branch's head, a tag, a
// commit id or prefix, main~1); lakeFS stores the commit id it resolves to. Force only bypasses read-only.
type TagCreation struct {
	ID    string `json:"id"`
	Ref   string `json:"ref"`
	Force bool   `json:"force,omitempty"`
}

// CreateTag creates tag id at ref; see CreateTagWith.
func (c *Client) CreateTag(ctx context.Context, repo, id, ref string) (*Ref, error) {
	return c.CreateTagWith(ctx, repo, TagCreation{ID: id, Ref: ref})
}

// CreateTagWith creates a tag (POST /repositories/{repository}/tags; 201 Ref with the resolved commit id).
// 409 when the tag exists or the id names a branch or a commit, 404 for an unknown ref, 400 for an invalid id
// or a ref into a staging area ("main$"), 403 on a read-only repository without Force.
// Not idempotent: a replay answers 409, so a failure that may have reached the server is IsOutcomeUnknown and the
// caller reconciles with GetTag.
func (c *Client) CreateTagWith(ctx context.Context, repo string, tag TagCreation) (*Ref, error) {
	return doJSON[Ref](ctx, c, call{op: "createTag", method: http.MethodPost, path: pathf("/repositories/%s/tags", repo), json: tag})
}

// GetTag reads a tag (404 when missing, 400 for an invalid tag id).
func (c *Client) GetTag(ctx context.Context, repo, tag string) (*Ref, error) {
	return getJSON[Ref](ctx, c, "getTag", pathf("/repositories/%s/tags/%s", repo, tag), nil)
}

// DeleteTag deletes a tag (204; 404 when missing). force only bypasses read-only (403 otherwise).
func (c *Client) DeleteTag(ctx context.Context, repo, tag string, force bool) error {
	return c.deleteAt(ctx, "deleteTag", pathf("/repositories/%s/tags/%s", repo, tag), forceQuery(force))
}

// ListTags reads one page of tags, ordered by id.
func (c *Client) ListTags(ctx context.Context, repo string, opts ListOptions) (*RefList, error) {
	return getJSON[RefList](ctx, c, "listTags", pathf("/repositories/%s/tags", repo), opts.values())
}
