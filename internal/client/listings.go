package client

import "context"

// Listings that read every page, MaxPageSize (1000, the most lakeFS serves) items per request, following
// next_offset until has_more is false. They return an empty (nil) slice when nothing matches.

// ListAllRepositories reads every repository whose id starts with prefix, ordered by id.
func (c *Client) ListAllRepositories(ctx context.Context, prefix string) ([]Repository, error) {
	return listAll(ctx, "listRepositories", prefix, c.ListRepositories)
}

// ListAllBranches reads every branch of repo whose name starts with prefix, ordered by name.
func (c *Client) ListAllBranches(ctx context.Context, repo, prefix string) ([]Ref, error) {
	return listAll(ctx, "listBranches", prefix, func(ctx context.Context, opts ListOptions) (*Page[Ref], error) {
		return c.ListBranches(ctx, repo, opts)
	})
}

// ListAllTags reads every tag of repo whose id starts with prefix, ordered by id.
func (c *Client) ListAllTags(ctx context.Context, repo, prefix string) ([]Ref, error) {
	return listAll(ctx, "listTags", prefix, func(ctx context.Context, opts ListOptions) (*Page[Ref], error) {
		return c.ListTags(ctx, repo, opts)
	})
}

// ListAllObjects reads every object at ref whose path starts with prefix, ordered by path. With a delimiter
// ("/"), the paths below prefix that contain it after prefix are grouped into one entry per common prefix
// (PathType "common_prefix", path ending in the delimiter); prefix should then end with the delimiter.
func (c *Client) ListAllObjects(ctx context.Context, repo, ref, prefix, delimiter string) ([]ObjectStats, error) {
	return listAll(ctx, "listObjects", prefix, func(ctx context.Context, opts ListOptions) (*Page[ObjectStats], error) {
		return c.ListObjects(ctx, repo, ref, ListObjectsOptions{ListOptions: opts, Delimiter: delimiter})
	})
}
