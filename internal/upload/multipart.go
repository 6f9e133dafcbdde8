// Package upload sends an object's content to lakeFS: through presigned multipart upload (contract §10.3) when the
// server offers it and the file is large, otherwise through the caller's plain streaming upload.
package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// Limits and defaults. S3 wants every part but the last to be at least 5 MiB, and at most 10000 parts.
const (
	MinPartSize        int64 = 5 << 20
	MaxPartSize        int64 = 5 << 30
	MaxParts                 = 10000
	DefaultPartSize    int64 = 16 << 20
	DefaultThreshold   int64 = 64 << 20
	DefaultConcurrency       = 4
	MaxConcurrency           = 64

	// abortTimeout bounds the clean-up call made after a failure, on a context that is no longer cancelled.
	abortTimeout = 30 * time.Second
)

// API is the part of *client.Client the multipart upload uses.
type API interface {
	CreatePresignMultipartUpload(ctx context.Context, repo, branch, path string, parts int) (*client.PresignMultipartUpload, error)
	PutPresignedPart(ctx context.Context, presignedURL string, body client.UploadBody) (string, error)
	UploadPart(ctx context.Context, repo, branch, uploadID, path string, partNumber int, physicalAddress string) (string, error)
	CompletePresignMultipartUpload(ctx context.Context, repo, branch, uploadID, path string, req client.CompletePresignMultipartUpload) (*client.ObjectStats, error)
	AbortPresignMultipartUpload(ctx context.Context, repo, branch, uploadID, path, physicalAddress string) error
	StatObject(ctx context.Context, repo, ref, path string) (*client.ObjectStats, error)
}

var _ API = (*client.Client)(nil)

// ErrMultipartNotSupported: createPresignMultipartUpload answered 501; nothing was created, use the plain upload.
var ErrMultipartNotSupported = errors.New("the lakeFS server does not support presigned multipart upload")

// ErrObjectStoreUnreachable: the first part could not reach the object store at all (DNS, connection, TLS), while
// lakeFS could: the store's endpoint is internal to lakeFS's network. The upload was aborted; use the plain upload.
var ErrObjectStoreUnreachable = errors.New("the object store behind the presigned part URLs cannot be reached")

// Object is what to upload where. Content is read with ReadAt only, so parts can be read concurrently.
type Object struct {
	Repository, Branch, Path string
	Content                  io.ReaderAt
	Size                     int64
	ContentType              string
	Metadata                 map[string]string
}

// Settings are the provider-level knobs; zero values mean the defaults.
type Settings struct {
	Threshold   int64 // files at least this large use multipart
	PartSize    int64
	Concurrency int
}

// WithDefaults fills unset (zero or negative) values with the defaults.
func (s Settings) WithDefaults() Settings {
	if s.Threshold <= 0 {
		s.Threshold = DefaultThreshold
	}
	if s.PartSize <= 0 {
		s.PartSize = DefaultPartSize
	}
	if s.Concurrency <= 0 {
		s.Concurrency = DefaultConcurrency
	}
	return s
}

// PartLayout returns the part size to use for a file of size bytes and the resulting number of parts: the
// requested size (at least MinPartSize), grown in whole MiB until the file fits in MaxParts parts.
func PartLayout(size, requested int64) (partSize int64, parts int) {
	partSize = max(requested, MinPartSize)
	if minimum := (size + MaxParts - 1) / MaxParts; partSize < minimum {
		const mib = 1 << 20
		partSize = (minimum + mib - 1) / mib * mib
	}
	if size <= 0 {
		return partSize, 1 // an empty object is one empty part
	}
	return partSize, int((size + partSize - 1) / partSize)
}

// Multipart uploads obj through presigned multipart upload and returns the answer of complete (whose physical
// address is the relative form: stat the object for the full one). A 501 at create gives ErrMultipartNotSupported.
// Any failure after create, cancellation included, aborts the upload; the error says what failed and whether
// the abort worked.
func Multipart(ctx context.Context, api API, obj Object, settings Settings) (*client.ObjectStats, error) {
	settings = settings.WithDefaults()
	partSize, parts := PartLayout(obj.Size, settings.PartSize)
	created, err := createUpload(ctx, api, obj, parts)
	if err != nil {
		if client.IsNotImplemented(err) {
			return nil, ErrMultipartNotSupported
		}
		return nil, fmt.Errorf("starting the multipart upload: %w", err)
	}
	if len(created.PresignedURLs) != parts {
		return nil, abort(ctx, api, obj, created, fmt.Errorf("lakeFS returned %d presigned part URLs for %d parts", len(created.PresignedURLs), parts))
	}
	tflog.Debug(ctx, "multipart upload started", map[string]any{"path": obj.Path, "parts": parts, "part_size": partSize,
		"concurrency": settings.Concurrency})

	etags, err := putParts(ctx, api, obj, created, partSize, settings.Concurrency)
	if err != nil {
		return nil, abort(ctx, api, obj, created, err)
	}
	done := client.CompletePresignMultipartUpload{PhysicalAddress: created.PhysicalAddress, Parts: make([]client.UploadPart, parts),
		UserMetadata: obj.Metadata, ContentType: obj.ContentType}
	for i, etag := range etags {
		done.Parts[i] = client.UploadPart{PartNumber: i + 1, ETag: etag}
	}
	stats, err := api.CompletePresignMultipartUpload(ctx, obj.Repository, obj.Branch, created.UploadID, obj.Path, done)
	if err != nil {
		if staged := completedAnyway(ctx, api, obj, created); staged != nil {
			return staged, nil
		}
		return nil, abort(ctx, api, obj, created, fmt.Errorf("completing the multipart upload: %w", err))
	}
	return stats, nil
}

// completedAnyway returns the object's stats when it is this upload's result although complete failed: the
// complete is retried like any idempotent PUT, and a retry of one whose answer was lost finds the upload gone
// (500 NoSuchUpload). The object then sits at the upload's physical address; aborting would fail as well.
func completedAnyway(ctx context.Context, api API, obj Object, created *client.PresignMultipartUpload) *client.ObjectStats {
	if ctx.Err() != nil {
		return nil
	}
	stats, err := api.StatObject(ctx, obj.Repository, obj.Branch, obj.Path)
	if err != nil || addressKey(stats.PhysicalAddress) != addressKey(created.PhysicalAddress) {
		return nil
	}
	tflog.Debug(ctx, "completePresignMultipartUpload failed after an attempt that was applied; the object is staged",
		map[string]any{"path": obj.Path})
	return stats
}

// addressKey is the data/<partition>/<id> part of a physical address, whichever form it has: full (s3://...) as
// create and statObject give it or relative as complete answers, signed (",<signature>") or not.
func addressKey(addr string) string {
	addr, _, _ = strings.Cut(addr, ",")
	if i := strings.LastIndex(addr, "/data/"); i >= 0 {
		return addr[i+1:]
	}
	return addr
}

// createAttempts bounds how often a create whose answer was lost is sent again.
const createAttempts = 3

// createUpload starts the upload. A create whose answer was lost (the connection dropped after lakeFS ran it) is
// sent again: the upload it may have started holds no part and its id never arrived, so it keeps no data and
// cannot be aborted (lakeFS cannot list multipart uploads; an S3 lifecycle rule for incomplete multipart uploads
// removes it). Failing the whole upload instead would leave the same empty upload behind.
func createUpload(ctx context.Context, api API, obj Object, parts int) (*client.PresignMultipartUpload, error) {
	var err error
	for attempt := 1; attempt <= createAttempts; attempt++ {
		var created *client.PresignMultipartUpload
		created, err = api.CreatePresignMultipartUpload(ctx, obj.Repository, obj.Branch, obj.Path, parts)
		if !client.IsOutcomeUnknown(err) || ctx.Err() != nil {
			return created, err
		}
		tflog.Warn(ctx, "the answer to createPresignMultipartUpload was lost; starting the multipart upload again "+
			"(the lost one holds no part)", map[string]any{"path": obj.Path, "attempt": attempt, "error": err.Error()})
	}
	return nil, err
}

// putParts uploads every part with at most concurrency in flight (an errgroup with a limit); the first failure
// cancels the others. Each part is a SectionReader over the file, streamed into its PUT: no part is held in
// memory. When no part got through and the first failure is a connection error, the error wraps
// ErrObjectStoreUnreachable.
func putParts(ctx context.Context, api API, obj Object, created *client.PresignMultipartUpload, partSize int64, concurrency int) ([]string, error) {
	urls := created.PresignedURLs
	etags := make([]string, len(urls))
	var (
		uploaded atomic.Int32
		renewing atomic.Bool // a URL expired: the later ones have too, so ask for a fresh one first
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for i := range urls {
		if gctx.Err() != nil {
			break // a part failed or the caller gave up: send no more
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err // another part failed first (its error wins) or the caller gave up
			}
			offset := int64(i) * partSize
			n := min(partSize, obj.Size-offset)
			body := client.UploadBody{Size: n, Open: func() (io.Reader, error) { return io.NewSectionReader(obj.Content, offset, n), nil }}
			etag, err := putPart(gctx, api, obj, created, i+1, body, &renewing)
			if err != nil {
				if uploaded.Load() == 0 && client.IsConnectionError(err) && gctx.Err() == nil {
					return fmt.Errorf("%w: part %d of %d: %w", ErrObjectStoreUnreachable, i+1, len(urls), err)
				}
				return partError(gctx, i+1, len(urls), err)
			}
			uploaded.Add(1)
			etags[i] = etag
			return nil
		})
	}
	err := g.Wait()
	if err == nil {
		err = ctx.Err() // the caller gave up before every part was sent
	}
	return etags, err
}

// putPart PUTs one part to its presigned URL. An expired URL (S3 signs them for 15 minutes by default, and a
// part may start later than that) is renewed through uploadPart (lakeFS v1.55+) and the part sent once more.
func putPart(ctx context.Context, api API, obj Object, created *client.PresignMultipartUpload, part int, body client.UploadBody,
	renewing *atomic.Bool) (string, error) {
	u := created.PresignedURLs[part-1]
	if renewing.Load() {
		if fresh, err := api.UploadPart(ctx, obj.Repository, obj.Branch, created.UploadID, obj.Path, part, created.PhysicalAddress); err == nil {
			u = fresh
		}
	}
	etag, err := api.PutPresignedPart(ctx, u, body)
	if !client.IsPresignedURLExpired(err) || ctx.Err() != nil {
		return etag, err
	}
	fresh, renewErr := api.UploadPart(ctx, obj.Repository, obj.Branch, created.UploadID, obj.Path, part, created.PhysicalAddress)
	switch {
	case client.IsUnknownEndpoint(renewErr):
		return "", &expiredError{err: err} // lakeFS before v1.55 cannot presign a part again
	case renewErr != nil:
		return "", fmt.Errorf("its presigned URL expired and asking lakeFS for a fresh one failed: %w", renewErr)
	}
	tflog.Debug(ctx, "presigned part URL expired; uploading the part again to a fresh URL", map[string]any{"path": obj.Path, "part": part})
	renewing.Store(true)
	return api.PutPresignedPart(ctx, fresh, body)
}

// expiredError is an expired presigned URL that lakeFS cannot renew.
type expiredError struct{ err error }

func (e *expiredError) Error() string { return e.err.Error() }
func (e *expiredError) Unwrap() error { return e.err }

func partError(ctx context.Context, part, parts int, err error) error {
	var expired *expiredError
	switch {
	case errors.As(err, &expired):
		return fmt.Errorf("uploading part %d of %d: its presigned URL expired before it was used, and this lakeFS server (before "+
			"v1.55) cannot presign a part again. Upgrade lakeFS, raise its blockstore.s3.pre_signed_expiry, or raise the provider's "+
			"multipart_threshold above the file's size to upload through lakeFS: %w", part, parts, expired.err)
	case client.IsPresignedURLExpired(err):
		return fmt.Errorf("uploading part %d of %d: its presigned URL expired again after it was renewed: %w", part, parts, err)
	case ctx.Err() != nil:
		return ctx.Err()
	default:
		return fmt.Errorf("uploading part %d of %d (after retries): %w", part, parts, err)
	}
}

// abort cancels the upload so no parts stay in the object store. It runs on a context that ignores the caller's
// cancellation (Ctrl-C, a Terraform timeout), bounded by abortTimeout.
func abort(ctx context.Context, api API, obj Object, created *client.PresignMultipartUpload, cause error) error {
	if errors.Is(cause, context.Canceled) || errors.Is(cause, context.DeadlineExceeded) {
		cause = fmt.Errorf("the upload was interrupted: %w", cause)
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
	defer cancel()
	if err := api.AbortPresignMultipartUpload(actx, obj.Repository, obj.Branch, created.UploadID, obj.Path, created.PhysicalAddress); err != nil {
		tflog.Warn(ctx, "aborting the multipart upload failed", map[string]any{"path": obj.Path, "error": err.Error()})
		return &Error{Cause: cause, AbortErr: err}
	}
	return &Error{Cause: cause, Aborted: true}
}

// Error is a failed multipart upload after create: what failed, and whether the upload was aborted.
type Error struct {
	Cause    error
	Aborted  bool
	AbortErr error
}

func (e *Error) Error() string {
	if e.Aborted {
		return fmt.Sprintf("multipart upload failed: %v. The multipart upload was aborted; no parts were left in the object store.", e.Cause)
	}
	return fmt.Sprintf("multipart upload failed: %v. Aborting the multipart upload also failed (%v): its parts may stay in the "+
		"object store until a lifecycle rule for incomplete multipart uploads removes them.", e.Cause, e.AbortErr)
}

func (e *Error) Unwrap() error { return e.Cause }
