package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// ObjectStats describes an object or, in listings with a delimiter, a common prefix (PathType "common_prefix").
type ObjectStats struct {
	Path                  string            `json:"path"`
	PathType              string            `json:"path_type"`
	PhysicalAddress       string            `json:"physical_address"`
	PhysicalAddressExpiry *int64            `json:"physical_address_expiry,omitempty"`
	Checksum              string            `json:"checksum"`
	SizeBytes             int64             `json:"size_bytes,omitempty"`
	Mtime                 int64             `json:"mtime"`
	Metadata              map[string]string `json:"metadata,omitempty"`
	ContentType           string            `json:"content_type,omitempty"`
}

// ObjectStatsList is one page of listObjects.
type ObjectStatsList = Page[ObjectStats]

// UploadBody is a request body that can be read more than once: Open returns a fresh reader positioned at the
// start for every attempt (and once more when the request is built). If the reader is an io.Closer it is closed.
// Size is the exact number of bytes Open's readers yield; it is sent as Content-Length.
type UploadBody struct {
	Open func() (io.Reader, error)
	Size int64
}

// BytesBody wraps an in-memory body.
func BytesBody(data []byte) UploadBody {
	return UploadBody{Open: func() (io.Reader, error) { return bytes.NewReader(data), nil }, Size: int64(len(data))}
}

func (b UploadBody) stream(contentType string) (*streamBody, error) {
	if b.Open == nil {
		return nil, errors.New("the upload body has no Open function")
	}
	if b.Size < 0 {
		return nil, errors.New("the upload body size is negative")
	}
	return &streamBody{open: b.Open, size: b.Size, contentType: contentType}, nil
}

// UploadOptions tune uploadObject.
type UploadOptions struct {
	// ContentType is stored with the object; empty means application/octet-stream.
	ContentType string
	// Metadata is sent as X-Lakefs-Meta-<key> headers; lakeFS stores the keys lowercased.
	Metadata map[string]string
	// IfNoneMatch sends "If-None-Match: *": the upload fails with 412 (IsPreconditionFailed) if the path exists.
	IfNoneMatch bool
	// Force bypasses the read-only-repository check.
	Force bool
}

// UploadObject streams body to path on branch (POST .../branches/{branch}/objects?path=; 201), as a raw body, not a
// form. It is retried like an idempotent request: writing the same bytes to the same path again is harmless.
func (c *Client) UploadObject(ctx context.Context, repo, branch, path string, body UploadBody, opts UploadOptions) (*ObjectStats, error) {
	const op = "uploadObject"
	contentType := opts.ContentType
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	stream, err := body.stream(contentType)
	if err != nil {
		return nil, fmt.Errorf("lakeFS %s: %w", op, err)
	}
	header := http.Header{}
	for k, v := range opts.Metadata {
		header.Set("X-Lakefs-Meta-"+k, v)
	}
	if opts.IfNoneMatch {
		header.Set("If-None-Match", "*")
	}
	q := url.Values{"path": {path}}
	boolQuery(q, "force", opts.Force)
	return doJSON[ObjectStats](ctx, c, call{op: op, method: http.MethodPost, path: pathf("/repositories/%s/branches/%s/objects", repo, branch),
		query: q, body: stream, header: header, idempotent: true})
}

// UploadObjectBytes uploads an in-memory object; see UploadObject.
func (c *Client) UploadObjectBytes(ctx context.Context, repo, branch, path string, data []byte, opts UploadOptions) (*ObjectStats, error) {
	return c.UploadObject(ctx, repo, branch, path, BytesBody(data), opts)
}

// StatObject reads an object's metadata at ref (any ref expression). Metadata is never nil in lakeFS's answer.
// A missing path, ref or tombstoned object gives 404.
func (c *Client) StatObject(ctx context.Context, repo, ref, path string) (*ObjectStats, error) {
	return getJSON[ObjectStats](ctx, c, "statObject", pathf("/repositories/%s/refs/%s/objects/stat", repo, ref), url.Values{"path": {path}})
}

// GetObject opens an object's content at ref. The caller must close the returned reader.
func (c *Client) GetObject(ctx context.Context, repo, ref, path string) (io.ReadCloser, error) {
	cl := call{op: "getObject", method: http.MethodGet, path: pathf("/repositories/%s/refs/%s/objects", repo, ref),
		query: url.Values{"path": {path}}, header: http.Header{"Accept": {"*/*"}}, idempotent: true}
	resp, err := c.send(ctx, cl)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer drain(resp.Body)
		return nil, c.apiErrorFrom(cl, resp)
	}
	return resp.Body, nil
}

// ErrObjectTooLarge is GetObjectBytes' error for content beyond its limit.
var ErrObjectTooLarge = errors.New("the object is larger than the limit")

// GetObjectBytes reads the whole content of an object at ref into memory, at most maxBytes: a larger object gives an
// error for which errors.Is(err, ErrObjectTooLarge) is true (for data sources that expose small text objects).
func (c *Client) GetObjectBytes(ctx context.Context, repo, ref, path string, maxBytes int64) ([]byte, error) {
	body, err := c.GetObject(ctx, repo, ref, path)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("lakeFS getObject: reading the content: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("lakeFS getObject: %s: %w (%d bytes)", path, ErrObjectTooLarge, maxBytes)
	}
	return data, nil
}

// DeleteObject deletes path on branch (204, also when the object does not exist).
func (c *Client) DeleteObject(ctx context.Context, repo, branch, path string) error {
	return c.deleteAt(ctx, "deleteObject", pathf("/repositories/%s/branches/%s/objects", repo, branch), url.Values{"path": {path}})
}

// ListObjectsOptions page through objects; with Delimiter "/" common prefixes are listed as PathType "common_prefix".
type ListObjectsOptions struct {
	ListOptions
	Delimiter string
}

// ListObjects reads one page of objects at ref. Unlike StatObject, an object without metadata has a nil Metadata.
func (c *Client) ListObjects(ctx context.Context, repo, ref string, opts ListObjectsOptions) (*ObjectStatsList, error) {
	q := opts.values()
	if opts.Delimiter != "" {
		q.Set("delimiter", opts.Delimiter)
	}
	return getJSON[ObjectStatsList](ctx, c, "listObjects", pathf("/repositories/%s/refs/%s/objects/ls", repo, ref), q)
}

// UpdateObjectUserMetadata replaces the whole user metadata of path on branch with metadata (keys kept verbatim;
// nil or empty clears it). lakeFS answers 204 (its spec says 201); both are accepted.
func (c *Client) UpdateObjectUserMetadata(ctx context.Context, repo, branch, path string, metadata map[string]string) error {
	if metadata == nil {
		metadata = map[string]string{}
	}
	body := struct {
		Set map[string]string `json:"set"`
	}{metadata}
	return c.do(ctx, call{op: "updateObjectUserMetadata", method: http.MethodPut,
		path:  pathf("/repositories/%s/branches/%s/objects/stat/user_metadata", repo, branch),
		query: url.Values{"path": {path}}, json: body, idempotent: true}, nil)
}
