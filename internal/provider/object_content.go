package provider

import (
	"crypto/md5" //nolint:gosec // lakeFS checksums are MD5; it is compared, not trusted for security
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// objectContent is what a lakefs_object uploads: an inline string or a local file, read afresh (never
// buffered) for hashing and for every upload attempt.
type objectContent struct {
	inline *string
	file   string
}

func (oc objectContent) describe() string {
	if oc.inline != nil {
		return "content"
	}
	return fmt.Sprintf("source file %q", oc.file)
}

// body returns a re-openable upload body; the file's size is taken now.
func (oc objectContent) body() (client.UploadBody, error) {
	if oc.inline != nil {
		s := *oc.inline
		return client.UploadBody{Open: func() (io.Reader, error) { return strings.NewReader(s), nil }, Size: int64(len(s))}, nil
	}
	info, err := os.Stat(oc.file)
	if err != nil {
		return client.UploadBody{}, err
	}
	if !info.Mode().IsRegular() {
		return client.UploadBody{}, fmt.Errorf("%s is not a regular file", oc.file)
	}
	file := oc.file
	return client.UploadBody{Open: func() (io.Reader, error) { return os.Open(file) }, Size: info.Size()}, nil
}

// contentHashes are the SHA-256 (what the provider records) and MD5 (what lakeFS reports as the checksum of
// a simple upload) of an object's content.
type contentHashes struct {
	SHA256, MD5 string
}

// hashes reads the content, streaming. A file is read twice at once, SHA-256 and MD5 each in its own goroutine
// (the second read comes from the page cache): MD5 cannot be split and is the slower of the two, so this takes
// about the time of MD5 alone, which for a large source file is most of what planning and creating it cost
// (BENCHMARKS.md, large uploads).
func (oc objectContent) hashes() (contentHashes, error) {
	s, m := sha256.New(), md5.New() //nolint:gosec // see the import
	if oc.inline != nil {
		_, _ = io.Copy(io.MultiWriter(s, m), strings.NewReader(*oc.inline))
		return contentHashes{SHA256: hex.EncodeToString(s.Sum(nil)), MD5: hex.EncodeToString(m.Sum(nil))}, nil
	}
	f, err := os.Open(oc.file)
	if err != nil {
		return contentHashes{}, err
	}
	defer f.Close()
	// ReadAt is safe for concurrent use; each section reads to the end of the file, whatever its size now.
	var sErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, sErr = io.Copy(s, io.NewSectionReader(f, 0, math.MaxInt64))
	}()
	_, mErr := io.Copy(m, io.NewSectionReader(f, 0, math.MaxInt64))
	<-done
	if err := errors.Join(sErr, mErr); err != nil {
		return contentHashes{}, err
	}
	return contentHashes{SHA256: hex.EncodeToString(s.Sum(nil)), MD5: hex.EncodeToString(m.Sum(nil))}, nil
}
