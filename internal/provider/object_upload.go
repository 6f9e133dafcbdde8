package provider

import (
	"context"
	"net/http"
	"os"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// objectLocation names an object on a branch.
type objectLocation struct {
	Repository, Branch, Path string
}

// sendContent uploads an object's content. A source file of at least multipart_threshold bytes goes to the
// object store in parallel presigned parts when the server offers presigned multipart upload; everything else
// (and every server that answers 501) streams through lakeFS in one request.
func sendContent(ctx context.Context, data *providerData, at objectLocation, content objectContent, body client.UploadBody, opts client.UploadOptions) (*client.ObjectStats, error) {
	plain := func(ctx context.Context) (*client.ObjectStats, error) {
		return data.client.UploadObject(ctx, at.Repository, at.Branch, at.Path, body, opts)
	}
	if content.inline != nil || data.uploads == nil || body.Size < data.uploads.Settings().Threshold {
		return plain(ctx)
	}
	if opts.IfNoneMatch {
		// Presigned multipart has no If-None-Match: look first, and answer as lakeFS does to the plain upload.
		_, err := data.client.StatObject(ctx, at.Repository, at.Branch, at.Path)
		if err == nil {
			return nil, &client.APIError{Operation: "statObject", StatusCode: http.StatusPreconditionFailed, Message: "path already exists"}
		}
		if !client.IsNotFound(err) {
			return nil, err
		}
	}
	file, err := os.Open(content.file)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	_, err = data.uploads.Upload(ctx, upload.Object{
		Repository: at.Repository, Branch: at.Branch, Path: at.Path,
		Content: file, Size: body.Size, ContentType: opts.ContentType,
	}, plain)
	if err != nil {
		return nil, err
	}
	// Completing a multipart upload answers with a relative physical address: stat for the stored form.
	return data.client.StatObject(ctx, at.Repository, at.Branch, at.Path)
}
