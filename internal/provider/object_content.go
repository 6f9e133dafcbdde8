package provider

import (
	"crypto/md5" //nolint:gosec // lakeFS checksums are MD5; it is compared, not trusted for security
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
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

// hashes reads the content once, streaming.
func (oc objectContent) hashes() (contentHashes, error) {
	var r io.Reader
	if oc.inline != nil {
		r = strings.NewReader(*oc.inline)
	} else {
		f, err := os.Open(oc.file)
		if err != nil {
			return contentHashes{}, err
		}
		defer f.Close()
		r = f
	}
	s, m := sha256.New(), md5.New() //nolint:gosec // see the import
	if _, err := io.Copy(io.MultiWriter(s, m), r); err != nil {
		return contentHashes{}, err
	}
	return contentHashes{SHA256: hex.EncodeToString(s.Sum(nil)), MD5: hex.EncodeToString(m.Sum(nil))}, nil
}
