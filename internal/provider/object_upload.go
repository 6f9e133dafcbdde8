package provider

import (
	"context"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// objectLocation names an object on a branch.
type objectLocation struct {
	Repository, Branch, Path string
}

// objectUploader writes body to an object and returns its stats. Strategies differ in how the bytes travel:
// directUpload streams them through lakeFS; a presigned multipart strategy for large files plugs in here too.
type objectUploader func(ctx context.Context, c *client.Client, at objectLocation, body client.UploadBody, opts client.UploadOptions) (*client.ObjectStats, error)

// directUpload streams the body through lakeFS's uploadObject in one request.
func directUpload(ctx context.Context, c *client.Client, at objectLocation, body client.UploadBody, opts client.UploadOptions) (*client.ObjectStats, error) {
	return c.UploadObject(ctx, at.Repository, at.Branch, at.Path, body, opts)
}

// chooseUploader picks the upload strategy for an object of the given size.
func chooseUploader(int64) objectUploader {
	return directUpload
}
