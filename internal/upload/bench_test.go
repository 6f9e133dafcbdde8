package upload_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// BenchmarkUpload compares the plain single-stream upload with presigned multipart (default settings) for the
// same sparse file against the same in-process test server, on loopback. MB/s is the figure to compare.
func BenchmarkUpload(b *testing.B) {
	srv := testserver.Start(testserver.Options{PresignedMultipart: true, DataDir: b.TempDir()})
	defer srv.Close()
	c, err := client.New(client.Config{Endpoint: srv.Endpoint(), AccessKeyID: srv.AccessKeyID(), SecretAccessKey: srv.SecretAccessKey()})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.CreateRepository(ctx, client.RepositoryCreation{Name: "bench", StorageNamespace: "local://bench"}); err != nil {
		b.Fatal(err)
	}
	for _, size := range []int64{64 << 20, 256 << 20} {
		f, err := os.Create(filepath.Join(b.TempDir(), "content"))
		if err != nil {
			b.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			b.Fatal(err)
		}
		obj := upload.Object{Repository: "bench", Branch: "main", Path: "obj", Content: f, Size: size}
		b.Run(fmt.Sprintf("plain/%dMiB", size>>20), func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				body := client.UploadBody{Size: size, Open: func() (io.Reader, error) { return io.NewSectionReader(f, 0, size), nil }}
				if _, err := c.UploadObject(ctx, "bench", "main", "obj", body, client.UploadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("multipart/%dMiB", size>>20), func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				if _, err := upload.Multipart(ctx, c, obj, upload.Settings{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		f.Close()
	}
}
