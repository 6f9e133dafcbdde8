package upload_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// These tests run the uploader against the in-process test server with presigned multipart on.

type env struct {
	srv  *testserver.Server
	c    *client.Client
	repo string
}

func newEnv(t *testing.T, multipart bool) *env {
	t.Helper()
	return newEnvWith(t, testserver.Options{PresignedMultipart: multipart})
}

func newEnvWith(t *testing.T, opts testserver.Options) *env {
	t.Helper()
	opts.DataDir = t.TempDir()
	srv := testserver.Start(opts)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{Endpoint: srv.Endpoint(), AccessKeyID: srv.AccessKeyID(), SecretAccessKey: srv.SecretAccessKey(),
		MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateRepository(context.Background(), client.RepositoryCreation{Name: "repo1", StorageNamespace: "local://repo1"}); err != nil {
		t.Fatal(err)
	}
	srv.ResetCounters()
	return &env{srv: srv, c: c, repo: "repo1"}
}

// file writes size bytes (random when data, sparse otherwise) to a temp file.
func file(t *testing.T, size int64, random bool) (*os.File, []byte) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "content"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	var data []byte
	if random {
		data = make([]byte, size)
		_, _ = rand.Read(data)
		_, err = f.Write(data)
	} else {
		err = f.Truncate(size)
	}
	if err != nil {
		t.Fatal(err)
	}
	return f, data
}

func (e *env) object(f *os.File, size int64, path string) upload.Object {
	return upload.Object{Repository: e.repo, Branch: "main", Path: path, Content: f, Size: size, ContentType: "application/x-test",
		Metadata: map[string]string{"owner": "tf"}}
}

func TestMultipartAgainstServer(t *testing.T) {
	e := newEnv(t, true)
	const size = 12<<20 + 123
	f, data := file(t, size, true)
	stats, err := upload.Multipart(context.Background(), e.c, e.object(f, size, "big.bin"), upload.Settings{PartSize: upload.MinPartSize, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(stats.Checksum, "-3") || stats.SizeBytes != size || !strings.HasPrefix(stats.PhysicalAddress, "data/") {
		t.Fatalf("stats %+v", stats)
	}
	want := map[string]int{"createPresignMultipartUpload": 1, testserver.PresignedPartOperation: 3, "completePresignMultipartUpload": 1}
	if got := e.srv.RequestCounts(); len(got) != len(want) || got["createPresignMultipartUpload"] != 1 ||
		got[testserver.PresignedPartOperation] != 3 || got["completePresignMultipartUpload"] != 1 {
		t.Fatalf("requests %v, want %v", got, want)
	}
	st, err := e.c.StatObject(context.Background(), e.repo, "main", "big.bin")
	if err != nil || st.Checksum != stats.Checksum || st.ContentType != "application/x-test" || st.Metadata["owner"] != "tf" ||
		!strings.HasPrefix(st.PhysicalAddress, "local://repo1/data/") {
		t.Fatalf("stat %+v %v", st, err)
	}
	rd, err := e.c.GetObject(context.Background(), e.repo, "main", "big.bin")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	got, _ := io.ReadAll(rd)
	if !bytes.Equal(got, data) {
		t.Fatalf("content differs: %d bytes", len(got))
	}
}

func TestMultipartPartKeepsFailing(t *testing.T) {
	e := newEnv(t, true)
	e.srv.InjectFault(testserver.Fault{Operation: testserver.PresignedPartOperation, Kind: testserver.FaultStatus, Status: 503})
	f, _ := file(t, 11<<20, false)
	_, err := upload.Multipart(context.Background(), e.c, e.object(f, 11<<20, "x.bin"), upload.Settings{PartSize: upload.MinPartSize, Concurrency: 1})
	var upErr *upload.Error
	if !errors.As(err, &upErr) || !upErr.Aborted || !strings.Contains(err.Error(), "part 1 of 3") {
		t.Fatalf("error %v", err)
	}
	if n := e.srv.RequestCount(testserver.PresignedPartOperation); n != 3 {
		t.Fatalf("%d part attempts, want 1 + 2 retries", n)
	}
	if e.srv.RequestCount("abortPresignMultipartUpload") != 1 || e.srv.OpenMultipartUploads() != 0 || e.srv.HeldMultipartParts() != 0 {
		t.Fatalf("abort %d, open %d", e.srv.RequestCount("abortPresignMultipartUpload"), e.srv.OpenMultipartUploads())
	}
	if _, err := e.c.StatObject(context.Background(), e.repo, "main", "x.bin"); !client.IsNotFound(err) {
		t.Fatalf("object exists after a failed upload: %v", err)
	}
}

// expiring lets the URLs expire between create and the part PUTs.
type expiring struct {
	*client.Client
	srv *testserver.Server
}

func (x expiring) CreatePresignMultipartUpload(ctx context.Context, repo, branch, path string, parts int) (*client.PresignMultipartUpload, error) {
	out, err := x.Client.CreatePresignMultipartUpload(ctx, repo, branch, path, parts)
	x.srv.ExpirePresignedURLs()
	return out, err
}

// Every URL create handed out has expired before the first part starts: each part gets a fresh one from
// uploadPart (lakeFS v1.55+) and the upload succeeds.
func TestMultipartExpiredURLRenewed(t *testing.T) {
	e := newEnv(t, true)
	const size = 6 << 20
	f, data := file(t, size, true)
	_, err := upload.Multipart(context.Background(), expiring{e.c, e.srv}, e.object(f, size, "x.bin"), upload.Settings{PartSize: upload.MinPartSize})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.srv.RequestCount("uploadPart"); n != 2 {
		t.Fatalf("uploadPart %d times, want once per part", n)
	}
	e.checkContent(t, "x.bin", data)
}

// expiringAfterFirst lets the URLs expire once the first part is in: the parts after it start too late.
type expiringAfterFirst struct {
	*client.Client
	srv  *testserver.Server
	once *sync.Once
}

func (x expiringAfterFirst) PutPresignedPart(ctx context.Context, u string, body client.UploadBody) (string, error) {
	etag, err := x.Client.PutPresignedPart(ctx, u, body)
	x.once.Do(x.srv.ExpirePresignedURLs)
	return etag, err
}

// A URL that expires mid-upload is renewed; the parts after it ask for a fresh URL before they are sent
// instead of streaming their bytes to an expired one first.
func TestMultipartURLExpiresMidUpload(t *testing.T) {
	e := newEnv(t, true)
	const size = 12<<20 + 5
	f, data := file(t, size, true)
	api := expiringAfterFirst{e.c, e.srv, &sync.Once{}}
	if _, err := upload.Multipart(context.Background(), api, e.object(f, size, "x.bin"), upload.Settings{PartSize: upload.MinPartSize, Concurrency: 1}); err != nil {
		t.Fatal(err)
	}
	if u, p := e.srv.RequestCount("uploadPart"), e.srv.RequestCount(testserver.PresignedPartOperation); u != 2 || p != 4 {
		t.Fatalf("uploadPart %d, part PUTs %d; want 2 and 4 (part 2 expired once, part 3 renewed first)", u, p)
	}
	e.checkContent(t, "x.bin", data)
}

// lakeFS before v1.55 has no uploadPart: the upload fails with an error that says what to do.
func TestMultipartExpiredURLOldServer(t *testing.T) {
	e := newEnvWith(t, testserver.Options{PresignedMultipart: true, Version: "1.54.0"})
	f, _ := file(t, 6<<20, false)
	_, err := upload.Multipart(context.Background(), expiring{e.c, e.srv}, e.object(f, 6<<20, "x.bin"), upload.Settings{PartSize: upload.MinPartSize})
	if err == nil || !strings.Contains(err.Error(), "presigned URL expired") || !strings.Contains(err.Error(), "before v1.55") ||
		!strings.Contains(err.Error(), "was aborted") || strings.Contains(err.Error(), "upload_concurrency") {
		t.Fatalf("error %v", err)
	}
	if strings.Contains(err.Error(), "X-Amz-Signature") || strings.Contains(err.Error(), "_objectstore") {
		t.Fatalf("the error leaks the presigned URL: %v", err)
	}
	if e.srv.OpenMultipartUploads() != 0 {
		t.Fatal("upload left open")
	}
}

func (e *env) checkContent(t *testing.T, path string, want []byte) {
	t.Helper()
	rd, err := e.c.GetObject(context.Background(), e.repo, "main", path)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	got, _ := io.ReadAll(rd)
	if !bytes.Equal(got, want) {
		t.Fatalf("content differs: %d bytes, want %d", len(got), len(want))
	}
}

func TestUploaderStrategy(t *testing.T) {
	e := newEnv(t, true)
	u := upload.NewUploader(e.c, e.c, upload.Settings{Threshold: 6 << 20, PartSize: upload.MinPartSize})
	plainCalls := 0
	plain := func(f *os.File, size int64, path string) upload.PlainUpload {
		return func(ctx context.Context) (*client.ObjectStats, error) {
			plainCalls++
			return e.c.UploadObject(ctx, e.repo, "main", path, client.UploadBody{Size: size,
				Open: func() (io.Reader, error) { return io.NewSectionReader(f, 0, size), nil }}, client.UploadOptions{})
		}
	}
	small, _ := file(t, 1<<20, false)
	if _, err := u.Upload(context.Background(), e.object(small, 1<<20, "small"), plain(small, 1<<20, "small")); err != nil {
		t.Fatal(err)
	}
	if plainCalls != 1 || e.srv.RequestCount("getConfig") != 0 || e.srv.RequestCount("createPresignMultipartUpload") != 0 {
		t.Fatalf("below the threshold: plain %d, %v", plainCalls, e.srv.RequestCounts())
	}
	big, _ := file(t, 6<<20, false)
	for _, path := range []string{"big1", "big2"} {
		if _, err := u.Upload(context.Background(), e.object(big, 6<<20, path), plain(big, 6<<20, path)); err != nil {
			t.Fatal(err)
		}
	}
	if plainCalls != 1 || e.srv.RequestCount("getConfig") != 1 || e.srv.RequestCount("createPresignMultipartUpload") != 2 ||
		e.srv.RequestCount("uploadObject") != 1 {
		t.Fatalf("at the threshold: plain %d, %v", plainCalls, e.srv.RequestCounts())
	}
}

// claimsMultipart says the server supports it, while the server answers 501 (a misconfigured blockstore).
type claimsMultipart struct{}

func (claimsMultipart) GetConfig(context.Context) (*client.ServerConfig, error) {
	return &client.ServerConfig{StorageConfig: &client.StorageConfig{PreSignMultipartUpload: true}}, nil
}

func TestUploaderFallsBackOn501(t *testing.T) {
	e := newEnv(t, false)
	if _, err := e.c.CreateRepository(context.Background(), client.RepositoryCreation{Name: "repo2", StorageNamespace: "local://repo2"}); err != nil {
		t.Fatal(err)
	}
	u := upload.NewUploader(e.c, claimsMultipart{}, upload.Settings{Threshold: 1})
	f, _ := file(t, 100, false)
	for _, at := range []struct{ repo, path string }{{"repo1", "a"}, {"repo1", "b"}, {"repo2", "a"}} {
		plain := func(ctx context.Context) (*client.ObjectStats, error) {
			return e.c.UploadObject(ctx, at.repo, "main", at.path, client.UploadBody{Size: 100,
				Open: func() (io.Reader, error) { return io.NewSectionReader(f, 0, 100), nil }}, client.UploadOptions{})
		}
		obj := e.object(f, 100, at.path)
		obj.Repository = at.repo
		if _, err := u.Upload(context.Background(), obj, plain); err != nil {
			t.Fatal(err)
		}
	}
	// One 501 per repository, then the uploader remembers: the second upload to repo1 goes straight to the
	// plain path, while repo2 (possibly on another blockstore) is asked for itself.
	if e.srv.RequestCount("createPresignMultipartUpload") != 2 || e.srv.RequestCount("uploadObject") != 3 {
		t.Fatalf("requests %v", e.srv.RequestCounts())
	}
}

// The object store lakeFS signs part URLs for is out of the client's reach (an internal MinIO hostname, a
// VPC-only endpoint): the upload falls back to the plain path, and later uploads to that repository skip multipart.
func TestUploaderFallsBackWhenObjectStoreUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	e := newEnvWith(t, testserver.Options{PresignedMultipart: true, PresignedPartHost: closed})
	u := upload.NewUploader(e.c, e.c, upload.Settings{Threshold: 6 << 20, PartSize: upload.MinPartSize})
	const size = 11 << 20
	f, data := file(t, size, true)
	for _, path := range []string{"a", "b"} {
		plain := func(ctx context.Context) (*client.ObjectStats, error) {
			return e.c.UploadObject(ctx, e.repo, "main", path, client.UploadBody{Size: size,
				Open: func() (io.Reader, error) { return io.NewSectionReader(f, 0, size), nil }}, client.UploadOptions{})
		}
		if _, err := u.Upload(context.Background(), e.object(f, size, path), plain); err != nil {
			t.Fatal(err)
		}
		e.checkContent(t, path, data)
	}
	got := e.srv.RequestCounts()
	if got["createPresignMultipartUpload"] != 1 || got["abortPresignMultipartUpload"] != 1 || got["uploadObject"] != 2 ||
		got[testserver.PresignedPartOperation] != 0 || e.srv.OpenMultipartUploads() != 0 {
		t.Fatalf("requests %v, open uploads %d", got, e.srv.OpenMultipartUploads())
	}
}

// A 256 MiB upload allocates a small fraction of its size: parts stream from the file into the PUTs.
func TestMultipartMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 512 MiB to the temp dir")
	}
	e := newEnv(t, true)
	const size = 256 << 20
	f, _ := file(t, size, false)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := upload.Multipart(context.Background(), e.c, e.object(f, size, "huge.bin"), upload.Settings{}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	// Client and test server share this process, so this counts both sides.
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d KiB for a %d MiB upload", allocated>>10, size>>20)
	if allocated > 16<<20 {
		t.Fatalf("allocated %d MiB for a %d MiB upload", allocated>>20, size>>20)
	}
}
