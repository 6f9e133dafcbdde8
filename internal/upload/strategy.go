package upload

import (
	"context"
	"errors"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// UseMultipart is the strategy: presigned multipart when the server says it supports it and the file is at least
// the threshold; the plain streaming upload otherwise.
func UseMultipart(cfg *client.ServerConfig, size int64, settings Settings) bool {
	settings = settings.WithDefaults()
	return cfg != nil && cfg.StorageConfig != nil && cfg.StorageConfig.PreSignMultipartUpload && size >= settings.Threshold
}

// ConfigSource is the part of *client.Client the Uploader asks about the server.
type ConfigSource interface {
	GetConfig(ctx context.Context) (*client.ServerConfig, error)
}

// Uploader chooses the strategy per upload. It reads /config once, on the first upload large enough to care,
// and remembers, per repository, a 501 from create or an object store it cannot reach, so later uploads to that
// repository go straight to the plain path. (Repositories may sit on different blockstores.) Safe for concurrent use.
type Uploader struct {
	api      API
	config   ConfigSource
	settings Settings

	mu        sync.Mutex
	known     bool // supported is meaningful
	supported bool
	plainOnly map[string]bool // repositories whose create answered 501 or whose object store was unreachable
}

// NewUploader builds the provider's uploader; *client.Client is both api and config.
func NewUploader(api API, config ConfigSource, settings Settings) *Uploader {
	return &Uploader{api: api, config: config, settings: settings.WithDefaults(), plainOnly: map[string]bool{}}
}

// Settings returns the resolved settings.
func (u *Uploader) Settings() Settings { return u.settings }

// PlainUpload is the caller's single-stream upload (client.UploadObject with its options).
type PlainUpload func(ctx context.Context) (*client.ObjectStats, error)

// Upload sends obj through presigned multipart when the strategy says so, otherwise (or after a 501 at create)
// through plain; so does one whose first part cannot reach the object store. The returned stats come from the upload itself; stat the object afterwards for what to store.
func (u *Uploader) Upload(ctx context.Context, obj Object, plain PlainUpload) (*client.ObjectStats, error) {
	if !u.multipartFor(ctx, obj.Repository, obj.Size) {
		return plain(ctx)
	}
	stats, err := Multipart(ctx, u.api, obj, u.settings)
	switch {
	case errors.Is(err, ErrMultipartNotSupported):
		tflog.Debug(ctx, "createPresignMultipartUpload answered 501; falling back to the plain upload for this repository",
			map[string]any{"repository": obj.Repository, "path": obj.Path})
	case errors.Is(err, ErrObjectStoreUnreachable):
		tflog.Debug(ctx, "the object store cannot be reached through the presigned part URLs; falling back to the plain upload "+
			"through lakeFS for this repository", map[string]any{"repository": obj.Repository, "path": obj.Path, "error": err.Error()})
	default:
		return stats, err
	}
	u.mu.Lock()
	u.plainOnly[obj.Repository] = true
	u.mu.Unlock()
	return plain(ctx)
}

func (u *Uploader) multipartFor(ctx context.Context, repo string, size int64) bool {
	if size < u.settings.Threshold {
		return false
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.plainOnly[repo] {
		return false
	}
	if !u.known {
		cfg, err := u.config.GetConfig(ctx)
		if err != nil {
			// The plain upload works on every server: a failed /config costs speed, not the upload.
			tflog.Warn(ctx, "cannot read the lakeFS configuration; using the plain upload", map[string]any{"error": err.Error()})
			return false
		}
		u.supported, u.known = UseMultipart(cfg, size, u.settings), true
	}
	return u.supported
}
