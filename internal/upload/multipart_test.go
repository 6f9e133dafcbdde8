package upload

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// fakeAPI records the calls of a multipart upload; put decides each part's fate.
type fakeAPI struct {
	mu        sync.Mutex
	created   int // parts asked for
	sizes     map[int]int64
	completed *client.CompletePresignMultipartUpload
	aborted   int
	abortCtx  error // the abort context's state when abort was called
	put       func(ctx context.Context, part int, body client.UploadBody) (string, error)
	complete  error
	createErr error
	stat      *client.ObjectStats // what StatObject finds; nil = 404
	renewed   []int               // parts uploadPart was asked for
	renewErr  error
}

func (f *fakeAPI) UploadPart(_ context.Context, _, _, _, _ string, part int, _ string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.renewed = append(f.renewed, part)
	if f.renewErr != nil {
		return "", f.renewErr
	}
	return "http://store.invalid/key?renewed=1&partNumber=" + itoa(part), nil
}

func (f *fakeAPI) StatObject(context.Context, string, string, string) (*client.ObjectStats, error) {
	if f.stat == nil {
		return nil, &client.APIError{Operation: "statObject", StatusCode: 404, Message: "not found"}
	}
	return f.stat, nil
}

func (f *fakeAPI) CreatePresignMultipartUpload(_ context.Context, _, _, _ string, parts int) (*client.PresignMultipartUpload, error) {
	if f.createErr != nil {
		return nil, f.createErr
	}
	f.created = parts
	urls := make([]string, parts)
	for i := range urls {
		urls[i] = "http://store.invalid/key?partNumber=" + itoa(i+1)
	}
	return &client.PresignMultipartUpload{UploadID: "up1", PhysicalAddress: "s3://b/ns/data/x,sig", PresignedURLs: urls}, nil
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func (f *fakeAPI) PutPresignedPart(ctx context.Context, u string, body client.UploadBody) (string, error) {
	_, num, _ := strings.Cut(u, "partNumber=")
	part := 0
	for _, c := range num {
		part = part*10 + int(c-'0')
	}
	f.mu.Lock()
	if f.sizes == nil {
		f.sizes = map[int]int64{}
	}
	f.sizes[part] = body.Size
	f.mu.Unlock()
	if f.put != nil {
		return f.put(ctx, part, body)
	}
	return `"etag` + num + `"`, nil
}

func (f *fakeAPI) CompletePresignMultipartUpload(_ context.Context, _, _, _, _ string, req client.CompletePresignMultipartUpload) (*client.ObjectStats, error) {
	if f.complete != nil {
		return nil, f.complete
	}
	f.completed = &req
	return &client.ObjectStats{Checksum: "c-1"}, nil
}

func (f *fakeAPI) AbortPresignMultipartUpload(ctx context.Context, _, _, id, _, addr string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.aborted++
	f.abortCtx = ctx.Err()
	return nil
}

// zeroReader is a sparse file: any size, no data behind it.
type zeroReader struct{}

func (zeroReader) ReadAt(p []byte, _ int64) (int, error) { clear(p); return len(p), nil }

func object(size int64) Object {
	return Object{Repository: "repo", Branch: "main", Path: "big.bin", Content: zeroReader{}, Size: size, ContentType: "application/x-test",
		Metadata: map[string]string{"k": "v"}}
}

func TestPartLayout(t *testing.T) {
	const mib = 1 << 20
	cases := []struct {
		name          string
		size, request int64
		partSize      int64
		parts         int
	}{
		{"default", 64 * mib, DefaultPartSize, 16 * mib, 4},
		{"last part short", 64*mib + 1, DefaultPartSize, 16 * mib, 5},
		{"below the S3 minimum is raised", 20 * mib, 1 * mib, 5 * mib, 4},
		{"empty", 0, DefaultPartSize, 16 * mib, 1},
		{"exactly 10000 parts", 10000 * 16 * mib, DefaultPartSize, 16 * mib, 10000},
		{"one byte more grows the part", 10000*16*mib + 1, DefaultPartSize, 17 * mib, 9412},
		{"5 TiB", 5 << 40, DefaultPartSize, 525 * mib, 9987},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, n := PartLayout(c.size, c.request)
			if ps != c.partSize || n != c.parts {
				t.Fatalf("PartLayout(%d, %d) = %d, %d; want %d, %d", c.size, c.request, ps, n, c.partSize, c.parts)
			}
			if n > MaxParts || (c.size > 0 && int64(n-1)*ps >= c.size) || int64(n)*ps < c.size {
				t.Fatalf("layout %d x %d does not cover %d in at most %d parts", n, ps, c.size, MaxParts)
			}
		})
	}
}

// A sparse 160 GiB file would need 10240 parts of 16 MiB: the part size grows and every byte is sent once.
func TestMultipartGrowsPartsForHugeFile(t *testing.T) {
	const size = 10240 * DefaultPartSize
	api := &fakeAPI{put: func(_ context.Context, part int, body client.UploadBody) (string, error) {
		return `"e"`, nil // the body is not read: no 160 GiB of zeros in a unit test
	}}
	if _, err := Multipart(context.Background(), api, object(size), Settings{PartSize: DefaultPartSize, Concurrency: 8}); err != nil {
		t.Fatal(err)
	}
	if api.created > MaxParts || api.created != len(api.sizes) || len(api.completed.Parts) != api.created {
		t.Fatalf("created %d parts, put %d, completed %d", api.created, len(api.sizes), len(api.completed.Parts))
	}
	var total int64
	first := api.sizes[1]
	for i := 1; i <= api.created; i++ {
		total += api.sizes[i]
		if i < api.created && api.sizes[i] != first {
			t.Fatalf("part %d has %d bytes, part 1 has %d", i, api.sizes[i], first)
		}
		if api.completed.Parts[i-1].PartNumber != i {
			t.Fatalf("complete lists part %d at %d", api.completed.Parts[i-1].PartNumber, i-1)
		}
	}
	if total != size || first <= DefaultPartSize {
		t.Fatalf("parts sum to %d of %d, part size %d", total, size, first)
	}
}

func TestMultipartCompletesInOrderWithMetadata(t *testing.T) {
	api := &fakeAPI{put: func(_ context.Context, part int, body client.UploadBody) (string, error) {
		r, _ := body.Open()
		n, err := io.Copy(io.Discard, r)
		if err != nil || n != body.Size {
			t.Errorf("part %d: read %d of %d: %v", part, n, body.Size, err)
		}
		time.Sleep(time.Duration(10-part) * time.Millisecond) // finish out of order
		return `"etag` + itoa(part) + `"`, nil
	}}
	stats, err := Multipart(context.Background(), api, object(45<<20), Settings{PartSize: 5 << 20, Concurrency: 4})
	if err != nil || stats.Checksum != "c-1" {
		t.Fatalf("%v %v", stats, err)
	}
	req := api.completed
	if len(req.Parts) != 9 || req.ContentType != "application/x-test" || req.UserMetadata["k"] != "v" || req.PhysicalAddress != "s3://b/ns/data/x,sig" {
		t.Fatalf("complete request %+v", req)
	}
	for i, p := range req.Parts {
		if p.PartNumber != i+1 || p.ETag != `"etag`+itoa(i+1)+`"` {
			t.Fatalf("part %d: %+v", i, p)
		}
	}
	if api.aborted != 0 {
		t.Fatal("aborted a successful upload")
	}
}

func TestMultipartConcurrencyBounded(t *testing.T) {
	var inFlight, peak atomic.Int32
	api := &fakeAPI{put: func(_ context.Context, _ int, _ client.UploadBody) (string, error) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		inFlight.Add(-1)
		return `"e"`, nil
	}}
	if _, err := Multipart(context.Background(), api, object(30*MinPartSize), Settings{PartSize: MinPartSize, Concurrency: 3}); err != nil {
		t.Fatal(err)
	}
	if peak.Load() != 3 {
		t.Fatalf("peak concurrency %d, want 3", peak.Load())
	}
}

// Ctrl-C or a Terraform timeout cancels the context mid-upload: the upload is aborted on a live context.
func TestMultipartCancellationAborts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{}, 16)
	api := &fakeAPI{put: func(ctx context.Context, _ int, _ client.UploadBody) (string, error) {
		started <- struct{}{}
		<-ctx.Done()
		return "", ctx.Err()
	}}
	go func() { <-started; cancel() }()
	_, err := Multipart(ctx, api, object(20*MinPartSize), Settings{PartSize: MinPartSize, Concurrency: 2})
	var upErr *Error
	if !errors.As(err, &upErr) || !upErr.Aborted || !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v", err)
	}
	if api.aborted != 1 || api.abortCtx != nil {
		t.Fatalf("aborted %d times, abort context %v", api.aborted, api.abortCtx)
	}
	if !strings.Contains(err.Error(), "interrupted") || !strings.Contains(err.Error(), "was aborted") {
		t.Fatalf("message %q", err)
	}
	if api.completed != nil {
		t.Fatal("completed a cancelled upload")
	}
}

func TestMultipartPartFailureAborts(t *testing.T) {
	var puts atomic.Int32
	api := &fakeAPI{put: func(ctx context.Context, part int, _ client.UploadBody) (string, error) {
		puts.Add(1)
		switch {
		case part == 3:
			return "", &client.APIError{Operation: "putPresignedPart", StatusCode: http.StatusInternalServerError, Message: "InternalError: boom"}
		case part > 3:
			// Later parts take a while, as real ones do, so the failure's cancellation reaches them; without
			// this, an instant fake lets the other worker race through every part first.
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(time.Second):
			}
		}
		return `"e"`, nil
	}}
	_, err := Multipart(context.Background(), api, object(40*MinPartSize), Settings{PartSize: MinPartSize, Concurrency: 2})
	if err == nil || api.aborted != 1 || api.completed != nil {
		t.Fatalf("err %v, aborted %d", err, api.aborted)
	}
	for _, want := range []string{"part 3 of 40", "InternalError: boom", "was aborted"} {
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("message %q lacks %q", err, want)
		}
	}
	if puts.Load() >= 40 {
		t.Fatalf("kept uploading after the failure: %d puts", puts.Load())
	}
}

func TestMultipartCompleteRefusedAborts(t *testing.T) {
	api := &fakeAPI{complete: &client.APIError{Operation: "completePresignMultipartUpload", StatusCode: 500, Message: "EntityTooSmall"}}
	_, err := Multipart(context.Background(), api, object(2*MinPartSize), Settings{})
	if err == nil || api.aborted != 1 || !strings.Contains(err.Error(), "completing the multipart upload") || !strings.Contains(err.Error(), "EntityTooSmall") {
		t.Fatalf("err %v, aborted %d", err, api.aborted)
	}
}

// A complete whose answer was lost and whose retry finds the upload gone: the object at the upload's address is
// the result, nothing is aborted. An object at another address is not.
func TestMultipartCompleteAppliedAnyway(t *testing.T) {
	noSuchUpload := &client.APIError{Operation: "completePresignMultipartUpload", StatusCode: 500, Message: "NoSuchUpload"}
	api := &fakeAPI{complete: noSuchUpload, stat: &client.ObjectStats{PhysicalAddress: "s3://b/ns/data/x", Checksum: "m-2"}}
	stats, err := Multipart(context.Background(), api, object(2*MinPartSize), Settings{})
	if err != nil || stats.Checksum != "m-2" || api.aborted != 0 {
		t.Fatalf("stats %+v, err %v, aborted %d", stats, err, api.aborted)
	}
	api = &fakeAPI{complete: noSuchUpload, stat: &client.ObjectStats{PhysicalAddress: "s3://b/ns/data/older,sig"}}
	if _, err := Multipart(context.Background(), api, object(2*MinPartSize), Settings{}); err == nil || api.aborted != 1 {
		t.Fatalf("err %v, aborted %d", err, api.aborted)
	}
}

// A create whose answer was lost is sent again; other failures are not.
func TestMultipartCreateAnswerLost(t *testing.T) {
	api := &lostCreateAPI{fakeAPI: &fakeAPI{}, lose: 1}
	if _, err := Multipart(context.Background(), api, object(2*MinPartSize), Settings{}); err != nil || api.creates != 2 {
		t.Fatalf("err %v, creates %d", err, api.creates)
	}
	api = &lostCreateAPI{fakeAPI: &fakeAPI{}, lose: 10}
	if _, err := Multipart(context.Background(), api, object(2*MinPartSize), Settings{}); !client.IsOutcomeUnknown(err) || api.creates != createAttempts {
		t.Fatalf("err %v, creates %d", err, api.creates)
	}
}

type lostCreateAPI struct {
	*fakeAPI
	lose, creates int
}

func (l *lostCreateAPI) CreatePresignMultipartUpload(ctx context.Context, repo, branch, path string, parts int) (*client.PresignMultipartUpload, error) {
	l.creates++
	if l.creates <= l.lose {
		return nil, &client.OutcomeUnknownError{Operation: "createPresignMultipartUpload", Err: errors.New("connection reset by peer")}
	}
	return l.fakeAPI.CreatePresignMultipartUpload(ctx, repo, branch, path, parts)
}

func TestMultipartNotSupported(t *testing.T) {
	api := &fakeAPI{createErr: &client.APIError{Operation: "createPresignMultipartUpload", StatusCode: 501, Message: "presign multipart upload API is not supported"}}
	if _, err := Multipart(context.Background(), api, object(MinPartSize), Settings{}); !errors.Is(err, ErrMultipartNotSupported) || api.aborted != 0 {
		t.Fatalf("err %v", err)
	}
	api.createErr = &client.APIError{Operation: "createPresignMultipartUpload", StatusCode: 404, Message: "branch 'x' not found"}
	if _, err := Multipart(context.Background(), api, object(MinPartSize), Settings{}); err == nil || errors.Is(err, ErrMultipartNotSupported) ||
		!strings.Contains(err.Error(), "branch 'x' not found") || api.aborted != 0 {
		t.Fatalf("err %v", err)
	}
}

// A part whose connection cannot be made before any part got through: the object store is out of reach
// (ErrObjectStoreUnreachable, the upload aborted). After a part got through it is an ordinary failure.
func TestMultipartObjectStoreUnreachable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	api := &fakeAPI{put: func(context.Context, int, client.UploadBody) (string, error) { return "", refused }}
	_, err := Multipart(context.Background(), api, object(3*MinPartSize), Settings{PartSize: MinPartSize, Concurrency: 2})
	if !errors.Is(err, ErrObjectStoreUnreachable) || api.aborted != 1 || api.completed != nil {
		t.Fatalf("err %v, aborted %d", err, api.aborted)
	}
	api = &fakeAPI{put: func(_ context.Context, part int, _ client.UploadBody) (string, error) {
		if part == 1 {
			return `"e"`, nil
		}
		return "", refused
	}}
	_, err = Multipart(context.Background(), api, object(3*MinPartSize), Settings{PartSize: MinPartSize, Concurrency: 1})
	if err == nil || errors.Is(err, ErrObjectStoreUnreachable) || api.aborted != 1 {
		t.Fatalf("after a part got through: err %v, aborted %d", err, api.aborted)
	}
	api = &fakeAPI{put: func(context.Context, int, client.UploadBody) (string, error) {
		return "", &client.APIError{Operation: "putPresignedPart", StatusCode: 403, Message: "AccessDenied: Access Denied"}
	}}
	if _, err = Multipart(context.Background(), api, object(MinPartSize), Settings{}); err == nil || errors.Is(err, ErrObjectStoreUnreachable) {
		t.Fatalf("an HTTP answer: err %v", err)
	}
}
