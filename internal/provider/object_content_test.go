package provider

import (
	"crypto/md5" //nolint:gosec // the S3 multipart ETag
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// MultipartETag is S3's checksum of b uploaded in parts of partSize bytes: the MD5 of the part MD5s, "-", the number
// of parts. Worked out here apart from objectContent, it is exported for the acceptance tests (package provider_test).
func MultipartETag(b []byte, partSize int) string {
	h := md5.New() //nolint:gosec // the S3 multipart ETag
	n := 0
	for off := 0; off < len(b); off += partSize {
		sum := md5.Sum(b[off:min(off+partSize, len(b))]) //nolint:gosec // the S3 multipart ETag
		h.Write(sum[:])
		n++
	}
	return fmt.Sprintf("%s-%d", hex.EncodeToString(h.Sum(nil)), n)
}

// An object uploaded in parts has the checksum "<md5 of the part MD5s>-N": it matches the local file when the
// file, cut as the provider cuts it (part_size), gives the same N parts with the same bytes.
func TestMatchesChecksumMultipart(t *testing.T) {
	const partSize = upload.MinPartSize
	data := make([]byte, 2*partSize+12345)
	for i := range data {
		data[i] = byte(i*7) ^ byte(i>>11)
	}
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	content := objectContent{file: file}
	// Without the part size the multipart checksum is computed by reading the file again; with it, in the same pass.
	hashes, err := content.hashes(0)
	if err != nil || hashes.Size != int64(len(data)) || hashes.PartsETag != "" {
		t.Fatalf("hashes %+v, %v", hashes, err)
	}
	withParts, err := content.hashes(partSize)
	if err != nil || withParts.PartsETag != MultipartETag(data, int(partSize)) {
		t.Fatalf("hashes with parts %+v, %v; want PartsETag %s", withParts, err, MultipartETag(data, int(partSize)))
	}
	other := append([]byte(nil), data...)
	other[len(other)-1]++
	cases := []struct {
		name     string
		checksum string
		want     bool
	}{
		{"simple upload", hashes.MD5, true},
		{"multipart, same parts", MultipartETag(data, int(partSize)), true},
		{"multipart, other bytes", MultipartETag(other, int(partSize)), false},
		{"multipart, other part size", MultipartETag(data, 6<<20), false},
		{"multipart, part count differs", hashes.MD5 + "-2", false},
		{"not a part count", hashes.MD5 + "-x", false},
		{"other md5", "0123456789abcdef0123456789abcdef", false},
	}
	for _, c := range cases {
		for _, h := range []contentHashes{hashes, withParts} {
			if got, err := content.matchesChecksum(c.checksum, h, partSize); got != c.want || err != nil {
				t.Errorf("%s (PartsETag %q): matchesChecksum = %v, %v; want %v", c.name, h.PartsETag, got, err, c.want)
			}
		}
		// What was just uploaded is checked without reading the file again.
		if got := withParts.matchesUploaded(c.checksum); got != c.want {
			t.Errorf("%s: matchesUploaded = %v; want %v", c.name, got, c.want)
		}
	}
	empty := objectContent{inline: new(string)}
	for _, ps := range []int64{0, partSize} {
		eh, _ := empty.hashes(ps)
		if ok, _ := empty.matchesChecksum(hex.EncodeToString(md5Of(md5Of(nil)))+"-1", eh, partSize); !ok {
			t.Errorf("an empty object uploaded as one empty part does not match (part size %d)", ps)
		}
	}
}

func md5Of(b []byte) []byte { s := md5.Sum(b); return s[:] } //nolint:gosec // the S3 multipart ETag

// The hashes of a source file cover the whole file, whatever its size, and match those of the same inline content.
func TestObjectContentHashes(t *testing.T) {
	for _, size := range []int{0, 1, 32<<10 + 7, 3 << 20} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i * 7)
		}
		name := filepath.Join(t.TempDir(), "content")
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, m := sha256.Sum256(data), md5.Sum(data) //nolint:gosec // see the import
		want := contentHashes{SHA256: hex.EncodeToString(s[:]), MD5: hex.EncodeToString(m[:]), Size: int64(size)}
		got, err := objectContent{file: name}.hashes(0)
		if err != nil || got != want {
			t.Errorf("file of %d bytes: got %+v, %v; want %+v", size, got, err, want)
		}
		inline := string(data)
		if got, err := (objectContent{inline: &inline}).hashes(0); err != nil || got != want {
			t.Errorf("inline of %d bytes: got %+v, %v; want %+v", size, got, err, want)
		}
	}
	if _, err := (objectContent{file: filepath.Join(t.TempDir(), "missing")}).hashes(0); err == nil {
		t.Error("a missing file hashed without error")
	}
}
