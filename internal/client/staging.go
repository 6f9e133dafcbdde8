package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// StagingLocation is where lakeFS wants an object's data written. PresignedURL is set only when asked for.
type StagingLocation struct {
	PhysicalAddress    string  `json:"physical_address,omitempty"`
	PresignedURL       *string `json:"presigned_url,omitempty"`
	PresignedURLExpiry *int64  `json:"presigned_url_expiry,omitempty"`
}

// StagingMetadata is the body of linkPhysicalAddress.
type StagingMetadata struct {
	Staging      StagingLocation   `json:"staging"`
	Checksum     string            `json:"checksum"`
	SizeBytes    int64             `json:"size_bytes"`
	UserMetadata map[string]string `json:"user_metadata,omitempty"`
	ContentType  string            `json:"content_type,omitempty"`
	Mtime        *int64            `json:"mtime,omitempty"`
	Force        bool              `json:"force,omitempty"`
}

// PresignMultipartUpload is the answer of createPresignMultipartUpload: PresignedURLs[i] is for part number i+1.
// PhysicalAddress is signed and bound to repository, branch and path; pass it back unchanged.
type PresignMultipartUpload struct {
	UploadID        string   `json:"upload_id"`
	PhysicalAddress string   `json:"physical_address"`
	PresignedURLs   []string `json:"presigned_urls,omitempty"`
}

// UploadPart names one uploaded part by number (from 1) and the ETag its PUT answered.
type UploadPart struct {
	PartNumber int    `json:"part_number"`
	ETag       string `json:"etag"`
}

// CompletePresignMultipartUpload is the body of completePresignMultipartUpload. Parts are in ascending order.
type CompletePresignMultipartUpload struct {
	PhysicalAddress string            `json:"physical_address"`
	Parts           []UploadPart      `json:"parts"`
	UserMetadata    map[string]string `json:"user_metadata,omitempty"`
	ContentType     string            `json:"content_type,omitempty"`
}

func stagingPath(repo, branch string) string {
	return pathf("/repositories/%s/branches/%s/staging/backing", repo, branch)
}

// GetPhysicalAddress asks for a new signed physical address for path (GET .../staging/backing). presign asks for a
// presigned PUT URL (S3 only; local answers 500). lakeFS does not check that the branch exists.
func (c *Client) GetPhysicalAddress(ctx context.Context, repo, branch, path string, presign bool) (*StagingLocation, error) {
	q := url.Values{"path": {path}}
	boolQuery(q, "presign", presign)
	return getJSON[StagingLocation](ctx, c, "getPhysicalAddress", stagingPath(repo, branch), q)
}

// LinkPhysicalAddress stages path on branch as the data already written at meta.Staging.PhysicalAddress
// (PUT .../staging/backing; 200).
func (c *Client) LinkPhysicalAddress(ctx context.Context, repo, branch, path string, meta StagingMetadata) (*ObjectStats, error) {
	return doJSON[ObjectStats](ctx, c, call{op: "linkPhysicalAddress", method: http.MethodPut, path: stagingPath(repo, branch),
		query: url.Values{"path": {path}}, json: meta, idempotent: true})
}

func pmpuPath(repo, branch string) string {
	return pathf("/repositories/%s/branches/%s/staging/pmpu", repo, branch)
}

// CreatePresignMultipartUpload starts a multipart upload of path with parts presigned part URLs
// (POST .../staging/pmpu?path=&parts=; 201; 501 unless the blockstore is S3). Not idempotent.
func (c *Client) CreatePresignMultipartUpload(ctx context.Context, repo, branch, path string, parts int) (*PresignMultipartUpload, error) {
	q := url.Values{"path": {path}}
	if parts > 0 {
		q.Set("parts", strconv.Itoa(parts))
	}
	return doJSON[PresignMultipartUpload](ctx, c, call{op: "createPresignMultipartUpload", method: http.MethodPost, path: pmpuPath(repo, branch), query: q})
}

// CompletePresignMultipartUpload completes the upload and stages the object (PUT .../staging/pmpu/{uploadId}?path=; 200).
// The answer's PhysicalAddress is in the relative "data/..." form.
func (c *Client) CompletePresignMultipartUpload(ctx context.Context, repo, branch, uploadID, path string, req CompletePresignMultipartUpload) (*ObjectStats, error) {
	return doJSON[ObjectStats](ctx, c, call{op: "completePresignMultipartUpload", method: http.MethodPut, path: pmpuPath(repo, branch) + pathf("/%s", uploadID),
		query: url.Values{"path": {path}}, json: req, idempotent: true})
}

// AbortPresignMultipartUpload aborts the upload (DELETE .../staging/pmpu/{uploadId}?path= with a JSON body; 204).
// An unknown or already aborted upload gives 500 on S3.
func (c *Client) AbortPresignMultipartUpload(ctx context.Context, repo, branch, uploadID, path, physicalAddress string) error {
	body := struct {
		PhysicalAddress string `json:"physical_address"`
	}{physicalAddress}
	return c.do(ctx, call{op: "abortPresignMultipartUpload", method: http.MethodDelete, path: pmpuPath(repo, branch) + pathf("/%s", uploadID),
		query: url.Values{"path": {path}}, json: body, idempotent: true}, nil)
}

// UploadPart asks for a fresh presigned URL for one part of an upload (PUT .../staging/pmpu/{uploadId}/parts/{partNumber}?path=
// with the signed physical address create returned; 200 {presigned_url}). Since lakeFS v1.55: older servers answer
// 404 "invalid API endpoint" (IsUnknownEndpoint).
func (c *Client) UploadPart(ctx context.Context, repo, branch, uploadID, path string, partNumber int, physicalAddress string) (string, error) {
	body := struct {
		PhysicalAddress string `json:"physical_address"`
	}{physicalAddress}
	var out struct {
		PresignedURL string `json:"presigned_url"`
	}
	err := c.do(ctx, call{op: "uploadPart", method: http.MethodPut, path: pmpuPath(repo, branch) + pathf("/%s/parts/", uploadID) + strconv.Itoa(partNumber),
		query: url.Values{"path": {path}}, json: body, idempotent: true}, &out)
	if err != nil {
		return "", err
	}
	return out.PresignedURL, nil
}
